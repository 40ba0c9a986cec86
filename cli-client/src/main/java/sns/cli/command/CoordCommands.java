package sns.cli.command;

import java.time.Instant;
import java.util.List;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;
import sns.cli.connection.ServerDirectory;

/** coord ls|cat|tree: read the coordinator's lock namespace. */
@ShellComponent
public class CoordCommands {

    private final ServerDirectory directory;

    public CoordCommands(ServerDirectory directory) {
        this.directory = directory;
    }

    @ShellMethod(key = "coord ls", value = "List a namespace node's children.", group = "Coordinator")
    public String ls(@ShellOption(defaultValue = "/") String path) {
        return String.join("\n", directory.list(path));
    }

    @ShellMethod(key = "coord cat", value = "Show a namespace node's data and stat.", group = "Coordinator")
    public String cat(String path) {
        var node = directory.read(path);
        var stat = node.getStat();
        return node.getData() + "\n(version " + stat.getVersion() + ", "
                + (stat.getOwnerSession().isEmpty() ? "persistent" : "ephemeral, session " + stat.getOwnerSession())
                + ", modified " + Instant.ofEpochMilli(stat.getModifiedAtMillis()) + ")";
    }

    @ShellMethod(key = "coord tree", value = "Show the namespace under a node.", group = "Coordinator")
    public String tree(@ShellOption(defaultValue = "/") String path) {
        StringBuilder out = new StringBuilder(path).append('\n');
        walk(path, "", out);
        return out.toString().stripTrailing();
    }

    private void walk(String path, String indent, StringBuilder out) {
        List<String> children = directory.list(path);
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            String child = (path.equals("/") ? "" : path) + "/" + children.get(i);
            String data = directory.read(child).getData();
            out.append(indent).append(last ? "└── " : "├── ").append(children.get(i))
                    .append(data.isEmpty() ? "" : "  " + data).append('\n');
            walk(child, indent + (last ? "    " : "│   "), out);
        }
    }
}
