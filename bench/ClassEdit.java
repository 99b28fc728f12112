import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Edits N class files of class directories in place, for bench/incremental.sh: "body" inserts a no-op into a method
 * body (the class changes, what it does and depends on does not), "dep" makes a method name another analysed class
 * (a new dependency). Prints the edited classes. Run with the archgov jar on the class path (it holds ASM):
 *   java -cp archgov.jar bench/ClassEdit.java body|dep N SEED DIR...
 */
public class ClassEdit {
    public static void main(String[] args) throws IOException {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        List<Path> files = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            try (Stream<Path> walk = Files.walk(Path.of(args[i]))) {
                walk.filter(p -> p.toString().endsWith(".class") && !p.toString().endsWith("module-info.class")
                        && !p.toString().endsWith("package-info.class")).sorted().forEach(files::add);
            }
        }
        List<Path> shuffled = new ArrayList<>(files);
        Collections.shuffle(shuffled, random);
        int edited = 0;
        for (Path file : shuffled) {
            if (edited == n) {
                break;
            }
            String other = internalName(files.get(random.nextInt(files.size())));
            byte[] changed = edit(Files.readAllBytes(file), mode, other);
            if (changed != null) {
                Files.write(file, changed);
                System.out.println(file);
                edited++;
            }
        }
        if (edited < n) {
            throw new IllegalStateException("only " + edited + " classes could be edited");
        }
    }

    private static String internalName(Path classFile) throws IOException {
        return new ClassReader(Files.readAllBytes(classFile)).getClassName();
    }

    /** The class with its first concrete method edited, or null when it has none. */
    private static byte[] edit(byte[] bytes, String mode, String other) {
        ClassReader reader = new ClassReader(bytes);
        if ((reader.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] done = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (done[0] || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || name.startsWith("<")) {
                    return mv;
                }
                done[0] = true;
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        if ("dep".equals(mode)) {
                            super.visitLdcInsn(Type.getObjectType(other));
                        } else {
                            super.visitLdcInsn("archgov-bench-edit");
                        }
                        super.visitInsn(Opcodes.POP);
                    }
                };
            }
        }, 0);
        return done[0] ? writer.toByteArray() : null;
    }
}
