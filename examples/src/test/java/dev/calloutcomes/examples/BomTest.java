package dev.calloutcomes.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM manages every artifact a host depends on, at the build's version, and nothing else. */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<String> all(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void managesEveryPublishedArtifactAtTheBuildsVersionAndNoDependencyOfOurs() throws Exception {
        String bom = Files.readString(ROOT.resolve("call-outcomes-bom/pom.xml"));
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        List<String> published = all(Pattern.compile("<module>(call-outcomes-(?!bom)[a-z-]+)</module>"), parent);
        assertThat(published).contains("call-outcomes-core", "call-outcomes-jdbc", "call-outcomes-servlet", "call-outcomes-testing");
        String managed = bom.substring(bom.lastIndexOf("<dependencyManagement>"));
        assertThat(all(Pattern.compile("<artifactId>([^<]+)</artifactId>"), managed)).containsExactlyInAnyOrderElementsOf(published);
        assertThat(all(Pattern.compile("<groupId>([^<]+)</groupId>"), managed)).containsOnly("dev.calloutcomes");
        assertThat(bom).as("no parent: importing it must not pin Jackson, Jdbi, HikariCP or Liquibase").doesNotContain("<parent>");
        String version = all(Pattern.compile("<artifactId>call-outcomes-parent</artifactId>\\s*<version>([^<]+)</version>"), parent).get(0);
        assertThat(all(Pattern.compile("<artifactId>call-outcomes-bom</artifactId>\\s*<version>([^<]+)</version>"), bom))
                .containsExactly(version);
    }
}
