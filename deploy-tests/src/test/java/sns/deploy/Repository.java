package sns.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository, and the tools on this machine that read them. */
final class Repository {

    private Repository() {
    }

    static Path file(String relative) {
        return Path.of(System.getProperty("sns.repo.root", "..")).resolve(relative).normalize();
    }

    /** Whether a program is on the PATH (the checks that need it are skipped with a reason where it is not). */
    static boolean hasCommand(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
