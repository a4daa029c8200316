package org.guidedmixup.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

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

    private static ObjectMapper base() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
