package dev.archgov.engine.trend;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.archgov.engine.contract.PrintableText;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row per audited commit, oldest first: {@code commit,time,subject,status,score,<category>…,findings,introduced,fixed}.
 * Cells are empty where the build failed.
 */
public final class TrendCsvWriter implements TrendWriter {
    private static final CsvMapper MAPPER = new CsvMapper();

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public String fileName() {
        return "archgov-trend.csv";
    }

    @Override
    public void write(Trend trend, Writer out) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        List<String> columns = new ArrayList<>(List.of("commit", "time", "subject", "status", "score"));
        trend.categories().forEach(c -> columns.add("score_" + c));
        columns.addAll(List.of("findings", "introduced", "fixed"));
        columns.forEach(schema::addColumn);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Trend.Point p : trend.points()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("commit", p.commit());
            row.put("time", p.time());
            row.put("subject", PrintableText.forSpreadsheet(p.subject())); // anybody's text: never a formula
            row.put("status", p.status());
            row.put("score", p.score());
            trend.categories().forEach(c -> row.put("score_" + c, p.categories().get(c)));
            row.put("findings", p.findings());
            row.put("introduced", p.introduced());
            row.put("fixed", p.fixed());
            rows.add(row);
        }
        MAPPER.writer(schema.build()).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValues(out).writeAll(rows).flush();
    }
}
