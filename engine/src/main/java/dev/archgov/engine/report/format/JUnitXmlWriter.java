package dev.archgov.engine.report.format;

import dev.archgov.engine.report.Finding;
import dev.archgov.engine.report.Report;
import dev.archgov.engine.report.RuleResult;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML in the shape Surefire writes and Jenkins and GitLab display: one {@code testsuite} for the contract, one
 * {@code testcase} per rule (class name {@code archgov.<category>}), one {@code failure} per finding that fails the run
 * ({@link Report#fails}); findings reported below {@code --fail-on} are the test case's {@code system-out}, so a passing
 * check shows no failed test.
 */
public final class JUnitXmlWriter implements ReportWriter {

    @Override
    public String format() {
        return "junit";
    }

    @Override
    public String fileName() {
        return "archgov-junit.xml";
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", xml("archgov." + report.contract().name()));
            xml.writeAttribute("tests", String.valueOf(report.rules().size()));
            Levels.Verdict verdict = Levels.verdict(report);
            xml.writeAttribute("failures", String.valueOf(verdict.failing().stream().map(Finding::ruleId).distinct().count()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", seconds(report.timings().totalMillis()));
            xml.writeCharacters("\n  ");
            xml.writeStartElement("properties");
            property(xml, "archgov.version", report.tool());
            property(xml, "contract.hash", report.contract().hash());
            property(xml, "git.commit", report.git().commit());
            property(xml, "score", report.score().applicable() ? String.format(Locale.ROOT, "%.2f", report.score().overall()) : "n/a");
            property(xml, "score.band", report.score().band().label());
            property(xml, "incomplete", String.valueOf(report.target().incomplete()));
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            for (RuleResult rule : report.rules()) {
                List<Finding> findings = report.findings().stream().filter(f -> f.ruleId().equals(rule.id())).toList();
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", xml(rule.id() + ": " + rule.message()));
                xml.writeAttribute("classname", xml("archgov." + rule.category()));
                xml.writeAttribute("time", seconds(rule.millis()));
                List<Finding> failing = findings.stream().filter(verdict::fails).toList();
                List<Finding> reported = findings.stream().filter(f -> !verdict.fails(f)).toList();
                for (Finding f : failing) {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", f.severity().label());
                    xml.writeAttribute("message", xml(f.location() + " " + f.detail()));
                    xml.writeCharacters(xml(f.location() + "\n" + f.element() + (f.target().isEmpty() ? "" : " -> " + f.target())
                            + "\nfingerprint " + f.fingerprint()));
                    xml.writeEndElement();
                }
                if (!reported.isEmpty()) { // reported below --fail-on: shown, not failed
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("system-out");
                    StringBuilder text = new StringBuilder();
                    for (Finding f : reported) {
                        text.append("\n").append(f.severity().label()).append(" (does not fail the run) ").append(f.location()).append(' ')
                                .append(f.detail()).append(" fingerprint ").append(f.fingerprint());
                    }
                    xml.writeCharacters(xml(text.append("\n    ").toString()));
                    xml.writeEndElement();
                }
                if (!findings.isEmpty()) {
                    xml.writeCharacters("\n  ");
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", xml(name));
        xml.writeAttribute("value", xml(value));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Text as XML 1.0 allows it: characters it forbids (U+FFFE, U+FFFF, lone surrogates, C0 controls) become U+FFFD. */
    static String xml(String text) {
        if (text.codePoints().allMatch(JUnitXmlWriter::allowedInXml)) {
            return text;
        }
        return text.codePoints().map(cp -> allowedInXml(cp) ? cp : 0xFFFD)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static boolean allowedInXml(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000;
    }
}
