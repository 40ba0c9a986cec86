package sns.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The partition mechanism itself: a connect between two node addresses works, fails while cut, works after healing. */
class PartitionsTest {

    @Test
    void aCutBlocksConnectsBetweenTwoNodeAddressesOnlyAndHealingRestoresThem() throws IOException {
        String reason = Partitions.unavailableReason();
        assumeTrue(reason == null, () -> "skipped: " + reason);
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.12"));
             Partitions network = new Partitions()) {
            assertThat(connects("127.0.0.11", listener)).isTrue();

            network.cut(List.of("127.0.0.11"), List.of("127.0.0.12"));
            assertThat(connects("127.0.0.11", listener)).as("cut").isFalse();
            assertThat(connects("127.0.0.13", listener)).as("another address is not cut").isTrue();

            network.heal();
            assertThat(connects("127.0.0.11", listener)).as("healed").isTrue();
        }
    }

    private static boolean connects(String from, ServerSocket listener) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 1_000);
            listener.accept().close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
