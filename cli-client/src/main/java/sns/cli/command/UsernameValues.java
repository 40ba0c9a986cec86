package sns.cli.command;

import java.util.List;
import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.standard.ValueProvider;
import org.springframework.stereotype.Component;
import sns.api.v1.ListRequest;
import sns.cli.connection.ServerConnection;
import sns.cli.connection.Session;

/** Tab completion of user names (when logged in). */
@Component
public class UsernameValues implements ValueProvider {

    private final ServerConnection server;
    private final Session session;

    public UsernameValues(ServerConnection server, Session session) {
        this.server = server;
        this.session = session;
    }

    @Override
    public List<CompletionProposal> complete(CompletionContext context) {
        if (session.token().isEmpty()) {
            return List.of();
        }
        try {
            return server.authenticated(stub -> stub.list(ListRequest.getDefaultInstance())).getAllUsersList()
                    .stream().map(CompletionProposal::new).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
