package dev.archgov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Without an argument, the nearest archgov.yaml above the working directory is used, never one above the repository. */
class ContractDiscoveryTest {
    @Test
    void theNearestContractUpToTheRepositoryRoot(@TempDir Path dir) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Path contract = Files.writeString(repo.resolve("archgov.yaml"), "version: 1\nname: x\n");
        Path module = Files.createDirectories(repo.resolve("services/orders/src"));
        assertThat(ContractArgument.discover(module)).contains(contract);

        Path nested = Files.writeString(repo.resolve("services/archgov.yaml"), "version: 1\nname: services\n");
        assertThat(ContractArgument.discover(module)).contains(nested);
    }

    @Test
    void notAboveTheRepositoryRoot(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("archgov.yaml"), "version: 1\nname: outside\n");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        assertThat(ContractArgument.discover(Files.createDirectories(repo.resolve("sub")))).isEmpty();
        assertThat(ContractArgument.discover(repo)).isEmpty();
    }
}
