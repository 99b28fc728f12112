package dev.archgov.engine.trend;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.Writer;

/** The whole trend as JSON (the records' fields, in declaration order; nulls where a build failed). */
public final class TrendJsonWriter implements TrendWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public String format() {
        return "json";
    }

    @Override
    public String fileName() {
        return "archgov-trend.json";
    }

    @Override
    public void write(Trend trend, Writer out) throws IOException {
        MAPPER.writeValue(out, trend);
        out.write('\n');
    }
}
