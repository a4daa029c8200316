package org.guidedmixup.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;

/**
 * The JSON this project writes and reads (summary.json, checkpoints, footer metadata, bench lines):
 * records with snake_case field names. Reading ignores fields it does not know, so an output written
 * by a later version still opens.
 */
public final class JsonFormat {
    private static final ObjectMapper COMPACT = base();
    private static final ObjectMapper PRETTY = base().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFormat() {
    }

    /** One line per value: footer metadata, JSON lines. */
    public static ObjectMapper compact() {
        return COMPACT;
    }

    /** Indented: files people read (summary.json). */
    public static ObjectMapper pretty() {
        return PRETTY;
    }

    /**
     * One value as one line, {@code {"a": 1, "b": "x"}}: the JSON-lines form of {@code bench --json}
     * and {@code inspect --json}, spaced as people read it and as Python's {@code json.dumps} writes it.
     */
    public static String line(Object value) {
        try {
            return COMPACT.writer(new LinePrinter()).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Jackson's one-line printer with a space after each colon and comma. */
    private static final class LinePrinter extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    private static ObjectMapper base() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
