// The baselines archgov is measured against (bench/vs-archunit.sh), run with the shaded jar on the classpath:
//   java -cp cli/target/archgov.jar bench/PlainArchUnit.java asm|archunit JAR...
// asm:      a bare ASM parse (ClassReader.accept, no frames skipped) of every class file in the jars
// archunit: plain ArchUnit: one import, then the generic rules written directly against ArchUnit's API
//           (controllers must not depend on HTTP clients; package slices free of cycles), as builtin:generic does
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

public class PlainArchUnit {
    public static void main(String[] args) throws Exception {
        List<Path> jars = Arrays.stream(args).skip(1).map(Path::of).toList();
        long start = System.nanoTime();
        long count = switch (args[0]) {
            case "asm" -> asm(jars);
            case "archunit" -> archunit(jars);
            default -> throw new IllegalArgumentException("asm or archunit");
        };
        System.out.printf("%s %d %.2f%n", args[0], count, (System.nanoTime() - start) / 1e9);
    }

    static long asm(List<Path> jars) throws Exception {
        long classes = 0;
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (var entries = file.entries(); entries.hasMoreElements(); ) {
                    var e = entries.nextElement();
                    if (e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class")) {
                        try (var in = file.getInputStream(e)) {
                            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) { }, 0);
                            classes++;
                        }
                    }
                }
            }
        }
        return classes;
    }

    static long archunit(List<Path> jars) throws Exception {
        List<JarFile> files = new java.util.ArrayList<>();
        for (Path jar : jars) {
            files.add(new JarFile(jar.toFile()));
        }
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importJars(files);
        DescribedPredicate<JavaClass> controllers = DescribedPredicate.describe("controllers", c ->
                c.isAnnotatedWith("org.springframework.stereotype.Controller")
                        || c.isAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                        || c.isAnnotatedWith("jakarta.ws.rs.Path") || c.isAnnotatedWith("javax.ws.rs.Path"));
        DescribedPredicate<JavaClass> httpClients = DescribedPredicate.describe("HTTP clients", c ->
                c.isAssignableTo("org.springframework.web.client.RestTemplate") || c.isAssignableTo("org.springframework.web.client.RestOperations")
                        || c.isAssignableTo("org.springframework.web.client.RestClient")
                        || c.isAssignableTo("org.springframework.web.reactive.function.client.WebClient")
                        || c.isAssignableTo("java.net.HttpURLConnection") || c.getPackageName().startsWith("java.net.http"));
        ArchRule http = noClasses().that(controllers).should().dependOnClassesThat(httpClients).allowEmptyShould(true);
        ArchRule cycles = slices().matching("(**)").should().beFreeOfCycles().allowEmptyShould(true);
        long violations = http.evaluate(classes).getFailureReport().getDetails().size()
                + cycles.evaluate(classes).getFailureReport().getDetails().size();
        System.err.println("classes " + classes.size() + ", violation lines " + violations);
        return classes.size();
    }
}
