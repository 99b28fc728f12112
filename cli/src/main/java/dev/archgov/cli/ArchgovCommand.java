package dev.archgov.cli;

import dev.archgov.engine.RequestException;
import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.ContractProblem;
import dev.archgov.engine.report.ToolVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@code archgov} command. */
@Command(name = "archgov",
        mixinStandardHelpOptions = true,
        versionProvider = ArchgovCommand.Version.class,
        subcommands = {CheckCommand.class, ValidateCommand.class, InitCommand.class, RulesCommand.class, ExplainCommand.class, DocsCommand.class, SchemaCommand.class,
                HistoryCommand.class, ReportCommand.class, BaselineCommand.class, GateCommand.class, AuditCommand.class, FleetCommand.class,
                DaemonCommand.class, CommandLine.HelpCommand.class},
        description = {
                "Architecture governance for Java: architecture contracts in YAML, compiled to ArchUnit rules, "
                        + "evaluated over compiled classes, reported as findings with stable fingerprints.",
                ""},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  passed: no finding at or above the fail-on severity",
                "  1  the contract is violated",
                "  2  usage error or invalid contract (each problem as file:line:column: message)",
                "  3  runtime failure (unreadable input, I/O, git)"})
public final class ArchgovCommand implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces and progress details.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (one of: "
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()) + ")");
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                    Arrays.asList(args).contains("--verbose") ? "info" : "error");
        }
        Map<String, String> env = System.getenv();
        if (Daemon.serves(args, env)) { // a warm JVM for this directory, if one runs (archgov daemon)
            Path cwd = Path.of("").toAbsolutePath();
            Optional<Path> socket = Daemon.socket(cwd);
            OptionalInt served = socket.isEmpty() ? OptionalInt.empty() : Daemon.ask(socket.get(),
                    new Daemon.Request(cwd.toString(), Daemon.build(), Daemon.environment(env), List.of(args)),
                    CommandLine.Help.Ansi.AUTO.enabled(), System.out, System.err);
            if (served.isPresent()) {
                System.exit(served.getAsInt());
            }
        }
        int exit;
        try {
            exit = execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("archgov: error: out of memory (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB heap); give the JVM more, e.g. ARCHGOV_JAVA_OPTS='-Xmx3g -XX:+UseParallelGC' ./archgov ...");
            exit = ExitCodes.RUNTIME;
        } catch (StackOverflowError e) {
            System.err.println("archgov: error: stack overflow; give the JVM a larger stack, e.g. ARCHGOV_JAVA_OPTS='-Xss8m'");
            exit = ExitCodes.RUNTIME;
        }
        System.exit(exit);
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ArchgovCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("archgov: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            if (ex instanceof ContractException ce) {
                for (ContractProblem p : ce.problems()) {
                    err.println(p.pos() + ": error: " + p.message());
                }
                if (verbose) {
                    ex.printStackTrace(err);
                }
                return ExitCodes.USAGE;
            }
            if (ex instanceof RequestException) {
                err.println("archgov: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            err.println("archgov: error: " + oneLine(ex) + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) {
                ex.printStackTrace(err);
            }
            return ExitCodes.RUNTIME;
        });
        return cl;
    }

    private static String oneLine(Throwable ex) {
        Throwable t = ex;
        StringBuilder sb = new StringBuilder();
        while (t != null) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().replaceAll("\\s+", " ").trim();
            if (sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return sb.toString();
    }

    /** A problem with how archgov was called, found after parsing (exit code 2). */
    static final class UsageException extends RequestException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"archgov " + ToolVersion.get(), "Java " + System.getProperty("java.version")};
        }
    }
}
