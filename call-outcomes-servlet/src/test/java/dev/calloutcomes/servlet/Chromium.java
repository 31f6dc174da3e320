package dev.calloutcomes.servlet;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver, headless, for browser tests. Absent: the test is skipped with a message, except
 * under CI=true, where it fails (.ci/run installs both).
 */
final class Chromium {
    static final File BROWSER = new File(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    static final File DRIVER = new File(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    static void assumeInstalled() {
        if (BROWSER.canExecute() && DRIVER.canExecute()) {
            return;
        }
        String message = "Chromium is not installed (" + BROWSER + ", " + DRIVER + "): apt-get install chromium chromium-driver";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: browser tests must run)");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    /** A new headless browser with its console log recorded, in a fresh profile. */
    static ChromeDriver start() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1100",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }
}
