package sns.cli.command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import sns.cli.chat.TimelineChat;
import sns.cli.config.ClientProperties;
import sns.cli.connection.CliException;
import sns.cli.connection.ServerDirectory;
import sns.cli.connection.Session;

/** timeline: chat mode until `exit` or Ctrl-D. */
@ShellComponent
public class TimelineCommand {

    private final ServerDirectory directory;
    private final Session session;
    private final ClientProperties client;
    private final ObjectProvider<LineReader> lineReader;

    public TimelineCommand(ServerDirectory directory, Session session, ClientProperties client,
                           ObjectProvider<LineReader> lineReader) {
        this.directory = directory;
        this.session = session;
        this.client = client;
        this.lineReader = lineReader;
    }

    @ShellMethod(key = "timeline", value = "Chat mode: live timeline; each line you type is a post; exit or Ctrl-D "
            + "leaves.", group = "Social")
    public String timeline() {
        String token = session.token().orElseThrow(() -> new CliException("log in first (login <user>)"));
        LineReader reader = lineReader.getObject();
        PrintWriter console = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        TimelineChat chat = new TimelineChat(directory, token, line -> print(reader, console, line),
                client.retryDeadline(), client.retryBackoff(), client.retryMaxBackoff());
        chat.open();
        console.println("(timeline of " + session.username().orElseThrow() + "; type a line to post, exit to leave)");
        try {
            for (String line = readLine(reader); line != null && !line.strip().equals("exit"); line = readLine(reader)) {
                if (!line.isBlank()) {
                    chat.post(line);
                }
            }
        } finally {
            chat.close();
        }
        return "(left the timeline)";
    }

    private static void print(LineReader reader, PrintWriter console, String line) {
        if (reader.isReading()) {
            reader.printAbove(line);
        } else {
            synchronized (console) {
                console.println(line);
            }
        }
    }

    private static String readLine(LineReader reader) {
        try {
            return reader.readLine("");
        } catch (EndOfFileException | UserInterruptException e) {
            return null;
        }
    }

}
