package sns.cli.command;

import java.util.Optional;
import org.jline.reader.LineReader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;
import sns.api.v1.LoginRequest;
import sns.api.v1.RegisterRequest;
import sns.cli.connection.CliException;
import sns.cli.connection.IdempotencyKeys;
import sns.cli.connection.ServerConnection;
import sns.cli.connection.ServerDirectory;
import sns.cli.connection.ServerTarget;
import sns.cli.connection.Session;

/** register, login, logout, whoami/status. */
@ShellComponent
public class AccountCommands {

    private final ServerConnection server;
    private final ServerDirectory directory;
    private final Session session;
    private final ObjectProvider<LineReader> lineReader;

    public AccountCommands(ServerConnection server, ServerDirectory directory, Session session,
                           ObjectProvider<LineReader> lineReader) {
        this.server = server;
        this.directory = directory;
        this.session = session;
        this.lineReader = lineReader;
    }

    @ShellMethod(key = "register", value = "Create a user and log in as it.", group = "Account")
    public String register(String username,
                           @ShellOption(defaultValue = ShellOption.NULL, help = "else $SNS_PASSWORD or a prompt")
                           String password) {
        String secret = password(password);
        RegisterRequest request = RegisterRequest.newBuilder().setUsername(username).setPassword(secret)
                .setIdempotencyKey(IdempotencyKeys.newKey()).build();
        server.anonymous(stub -> stub.register(request));
        return "registered " + username + "; " + login(username, secret);
    }

    @ShellMethod(key = "login", value = "Log in.", group = "Account")
    public String login(String username,
                        @ShellOption(defaultValue = ShellOption.NULL, help = "else $SNS_PASSWORD or a prompt")
                        String password) {
        String secret = password(password);
        var login = server.anonymous(stub -> stub.login(LoginRequest.newBuilder().setUsername(username)
                .setPassword(secret).build()));
        session.login(username, login.getToken());
        ServerTarget target = directory.current();
        return "logged in as " + username + " (server " + target.address() + ", cluster " + target.clusterId() + ")";
    }

    @ShellMethod(key = "logout", value = "Forget the login.", group = "Account")
    public String logout() {
        String who = session.username().orElseThrow(() -> new CliException("nobody is logged in"));
        session.logout();
        return "logged out " + who;
    }

    @ShellMethod(key = {"whoami", "status"}, value = "Client id, user, server and its role.", group = "Account")
    public String whoami() {
        ServerTarget target = directory.refresh();
        return "client " + session.clientId() + " (home cluster " + target.homeCluster() + ")\n"
                + "user   " + session.username().orElse("(not logged in)") + "\n"
                + "server " + target.address() + " = cluster " + target.clusterId() + " server " + target.serverId()
                + ", MASTER at epoch " + target.epoch();
    }

    private String password(String given) {
        if (given != null) {
            return given;
        }
        String fromEnvironment = System.getenv("SNS_PASSWORD");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        LineReader reader = Optional.ofNullable(lineReader.getIfAvailable())
                .orElseThrow(() -> new CliException("give --password or set SNS_PASSWORD"));
        return reader.readLine("password: ", '*');
    }
}
