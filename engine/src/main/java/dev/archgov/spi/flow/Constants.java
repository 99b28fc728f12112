package dev.archgov.spi.flow;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;

import java.util.Optional;

/** Constant values visible in bytecode. */
final class Constants {
    private Constants() {
    }

    static Optional<Object> of(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (insn instanceof LdcInsnNode ldc) {
            return Optional.of(ldc.cst);
        }
        if (insn instanceof IntInsnNode i && (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH)) {
            return Optional.of(i.operand);
        }
        if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
            return Optional.of(op - Opcodes.ICONST_0);
        }
        if (op == Opcodes.LCONST_0 || op == Opcodes.LCONST_1) {
            return Optional.of((long) (op - Opcodes.LCONST_0));
        }
        if (op == Opcodes.ACONST_NULL) {
            return Optional.of(NULL);
        }
        return Optional.empty();
    }

    /** Marker for a {@code null} constant. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
}
