package sns.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The three SNS programs, as a deployment file names them (by image) and as the build makes them (a jar). */
enum SnsProgram {
    COORDINATOR("sns/coordinator", "sns.coordinator.jar"),
    TIMELINE_SERVER("sns/timeline-server", "sns.server.jar"),
    CLI("sns/cli", "sns.cli.jar");

    private final String image;
    private final String jarProperty;

    SnsProgram(String image, String jarProperty) {
        this.image = image;
        this.jarProperty = jarProperty;
    }

    /** The program an image reference ({@code sns/coordinator}, {@code sns/coordinator:1.2}) runs, if it is ours. */
    static Optional<SnsProgram> forImage(String imageReference) {
        String repository = imageReference.replaceFirst(":[^/:]*$", "");
        return Arrays.stream(values()).filter(program -> program.image.equals(repository)).findFirst();
    }

    String image() {
        return image;
    }

    /** The runnable jar the build made (and the image is made from). */
    Path jar() {
        String jar = System.getProperty(jarProperty);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jarProperty + " = " + jar + " is not a built jar; run ./mvnw verify");
        }
        return Path.of(jar);
    }
}
