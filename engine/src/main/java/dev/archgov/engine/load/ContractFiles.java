package dev.archgov.engine.load;

import dev.archgov.engine.contract.ContractException;
import dev.archgov.engine.contract.SourcePos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.archgov.engine.load.ContractLoader.*;

/** Where contract text comes from: local files (regular, bounded, UTF-8) and the bundled packs on the class path. */
final class ContractFiles {
    private final ClassLoader resources;

    ContractFiles(ClassLoader resources) {
        this.resources = resources;
    }

    static String readFile(Path file, String label) {
        try {
            if (Files.isDirectory(file)) {
                throw new ContractException(SourcePos.file(label), "is a directory; give the contract file (e.g. " + file.resolve("archgov.yaml") + ")");
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) { // a device (/dev/zero) never ends, a FIFO blocks
                throw new ContractException(SourcePos.file(label), "is not a regular file; a contract is a YAML file");
            }
            long limit = YamlSource.MAX_CHARS * 4L;
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) { // bounded however the file grows while it is read
                bytes = in.readNBytes((int) limit + 1);
            }
            if (bytes.length > limit) {
                throw new ContractException(SourcePos.file(label), "file is larger than " + YamlSource.MAX_CHARS / 1024 + " KiB; a contract is never that big");
            }
            return decode(bytes, label);
        } catch (NoSuchFileException e) {
            throw new ContractException(SourcePos.file(label), "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(label + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String decode(byte[] bytes, String label) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ContractException(SourcePos.file(label), "not valid UTF-8 text");
        }
    }

    String readBuiltin(String name, SourcePos referencedAt, String label) {
        try (InputStream in = resources.getResourceAsStream(PACK_RESOURCE_DIR + name + ".yaml")) {
            if (in == null) {
                List<String> packs = builtinPacks().stream().map(p -> BUILTIN_PREFIX + p).toList();
                throw new ContractException(referencedAt == null ? SourcePos.file(label) : referencedAt,
                        "unknown bundled pack '" + label + "'" + Suggestions.hint(label, packs));
            }
            return decode(in.readAllBytes(), label);
        } catch (IOException e) {
            throw new ContractException(SourcePos.file(label), "cannot read bundled pack: " + e.getMessage());
        }
    }

    /** Names of the bundled packs on the class path, from every {@code archgov/packs/index.txt}. */
    List<String> builtinPacks() {
        Set<String> names = new TreeSet<>();
        try {
            var urls = resources.getResources(PACK_RESOURCE_DIR + "index.txt");
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        if (!line.isBlank() && !line.startsWith("#")) {
                            names.add(line.trim());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list bundled packs: " + e.getMessage(), e);
        }
        return List.copyOf(names);
    }
}
