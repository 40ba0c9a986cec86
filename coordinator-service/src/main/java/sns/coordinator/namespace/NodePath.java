package sns.coordinator.namespace;

import java.util.List;
import java.util.regex.Pattern;
import sns.coordinator.text.Quote;

/** Parses and checks absolute, UNIX-like node paths ("/" is the root). */
final class NodePath {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._:-]+");

    private NodePath() {}

    /** The path's segments; the root has none. */
    static List<String> segments(String path) {
        if (path == null || !path.startsWith("/")) {
            throw invalid(path, "must be absolute (start with /)");
        }
        if (path.equals("/")) {
            return List.of();
        }
        if (path.endsWith("/")) {
            throw invalid(path, "must not end with /");
        }
        List<String> segments = List.of(path.substring(1).split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw invalid(path, "must not contain empty segments (//)");
            }
            if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                throw invalid(path, "has an invalid segment " + Quote.of(segment) + " (allowed: letters, digits, . _ : -)");
            }
        }
        return segments;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static InvalidPathException invalid(String path, String why) {
        return new InvalidPathException(path, "path " + Quote.of(path) + " " + why);
    }
}
