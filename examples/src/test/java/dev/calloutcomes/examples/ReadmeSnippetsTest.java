package dev.calloutcomes.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the README compiles against this build: the embedding example, the servlet
 * mounting, the testing artifact, the workers and the migrations. A block may use the variables
 * below without declaring them (a host has them); anything else it uses must exist in our API.
 */
class ReadmeSnippetsTest {
    /** What a host has at hand, by name and type. */
    private static final Map<String, String> GIVEN = new LinkedHashMap<>();

    static {
        GIVEN.put("apiKey", "String");
        GIVEN.put("apiSecret", "String");
        GIVEN.put("apiJwtSecret", "String");
        GIVEN.put("hostDataSource", "javax.sql.DataSource");
        GIVEN.put("dataSource", "javax.sql.DataSource");
        GIVEN.put("log", "org.slf4j.Logger");
        GIVEN.put("headers", "Map<String, List<String>>");
        GIVEN.put("rawBodyBytes", "byte[]");
        GIVEN.put("outcomes", "CallOutcomes");
        GIVEN.put("clock", "Clock");
        GIVEN.put("room", "String");
        GIVEN.put("errorMetadata", "Map<String, String>");
        GIVEN.put("meterRegistry", "io.micrometer.core.instrument.MeterRegistry");
    }

    private static final String IMPORTS = String.join("\n",
            "import dev.calloutcomes.*;", "import dev.calloutcomes.call.*;", "import dev.calloutcomes.fact.*;", "import dev.calloutcomes.jdbc.*;",
            "import dev.calloutcomes.livekit.*;", "import dev.calloutcomes.maintenance.*;", "import dev.calloutcomes.outcome.*;",
            "import dev.calloutcomes.query.*;", "import dev.calloutcomes.servlet.*;", "import dev.calloutcomes.store.*;",
            "import dev.calloutcomes.tenant.*;", "import dev.calloutcomes.testing.*;", "import dev.calloutcomes.webhook.*;",
            "import dev.calloutcomes.worker.*;", "import org.eclipse.jetty.ee10.servlet.*;", "import java.time.Clock;",
            "import java.time.Duration;", "import java.util.List;", "import java.util.Map;", "");

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?ms)^```java\\n(.*?)^```").matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /**
     * A class whose one method holds {@code snippet}, with the given variables it uses but does not declare as parameters;
     * the block's own leading import lines become the class's.
     */
    static String asClass(String name, String snippet) {
        Matcher imports = Pattern.compile("\\A(?:import [\\w.]+;\\n)+\\n?").matcher(snippet);
        String own = imports.find() ? imports.group() : "";
        String block = snippet.substring(own.length());
        List<String> params = new ArrayList<>();
        GIVEN.forEach((variable, type) -> {
            boolean used = Pattern.compile("\\b" + variable + "\\b").matcher(block).find();
            boolean declared = Pattern.compile("(?m)^\\s*[\\w.<>\\[\\], ]+\\s+" + variable + "\\s*=").matcher(block).find();
            if (used && !declared) {
                params.add(type + " " + variable);
            }
        });
        return IMPORTS + own + "class " + name + " {\n    void run(" + String.join(", ", params) + ") throws Exception {\n"
                + block + "\n    }\n}\n";
    }

    @Test
    void everyJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
        List<String> blocks = javaBlocks(Files.readString(Path.of("..", "README.md")));
        assertThat(blocks).as("the README's Java blocks").hasSizeGreaterThanOrEqualTo(5);
        List<JavaFileObject> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String name = "ReadmeBlock" + (i + 1);
            String code = asClass(name, blocks.get(i));
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            });
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean compiled = javac.getTask(errors, files, null,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-proc:none"),
                    null, sources).call();
            assertThat(compiled).as("javac says:%n%s", errors).isTrue();
        }
        assertThat(out.resolve("ReadmeBlock1.class")).exists();
    }

    @Test
    void aBlockUsingWhatOurApiLacksDoesNotCompile(@TempDir Path out) throws IOException {
        // The check itself must be able to fail: a method the API does not have.
        String code = asClass("Broken", "outcomes.handleEverythingMagically();");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///Broken.java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            };
            boolean compiled = javac.getTask(new StringWriter(), files, null,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-proc:none"),
                    null, List.of(source)).call();
            assertThat(compiled).isFalse();
        }
    }
}
