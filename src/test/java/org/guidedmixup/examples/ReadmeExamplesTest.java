package org.guidedmixup.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Use it from your code" Java blocks are, character for character, the marked parts of
 * the example classes here, which the library tests run: the docs cannot drift from code that works.
 */
class ReadmeExamplesTest {
    private static final Path EXAMPLES = Path.of("src/test/java/org/guidedmixup/examples");

    @Test
    void everyJavaBlockOfTheLibrarySectionIsAnExampleThatTestsRun() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("## Use it from your code");
        int to = readme.indexOf("\n## ", from + 5);
        assertTrue(from >= 0 && to > from, "README has the section");
        String section = readme.substring(from, to);
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        List<String> examples = List.of(marked("TransformerExample", "transformer"),
                marked("SparkTrainingExample", "spark-dl4j"), marked("PreProcessorExample", "preprocessor"),
                marked("ShardIteratorExample", "shard-iterator"));
        assertEquals(examples, blocks);
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher v = Pattern.compile("<artifactId>guidedmixup</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(v.find());
        assertTrue(section.contains("<groupId>org.guidedmixup</groupId>\n  <artifactId>guidedmixup</artifactId>\n  <version>"
                + v.group(1) + "</version>"), "the README's coordinates are the POM's");
    }

    /** The lines between "// README: begin NAME" and "// README: end NAME", less their 4-space indent. */
    private static String marked(String cls, String name) throws IOException {
        String src = Files.readString(EXAMPLES.resolve(cls + ".java"));
        int b = src.indexOf("// README: begin " + name + "\n");
        int e = src.indexOf("    // README: end " + name);
        assertTrue(b >= 0 && e > b, cls + " marks " + name);
        StringBuilder out = new StringBuilder();
        for (String line : src.substring(b + ("// README: begin " + name + "\n").length(), e).split("\n", -1)) {
            out.append(line.startsWith("    ") ? line.substring(4) : line).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }
}
