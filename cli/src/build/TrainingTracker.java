import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The trackers of train-class-data.sh, on 127.0.0.1 at ports of the system's choosing, printed as the
 * first line of standard output ("HTTP_PORT UDP_PORT"); they answer until killed.
 * <ul>
 *   <li>HTTP: every announce gets one peer, 127.0.0.1:SEEDER_PORT, in the compact form (BEP 23).
 *   <li>UDP (BEP 15): a connect gets its connection id; an announce gets an error, so that a client
 *       with this tracker in the tier before the HTTP one goes on to that one.
 * </ul>
 * So the training download goes through a UDP tracker's exchange and reads an HTTP tracker's answer as
 * real downloads do, and the class-data archives hold that code too.
 *   java TrainingTracker.java SEEDER_PORT
 */
public final class TrainingTracker {
    private static final int CONNECT = 0;
    private static final int ERROR = 3;

    public static void main(String[] args) throws Exception {
        int seederPort = Integer.parseInt(args[0]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes("d8:intervali1800e5:peers6:".getBytes(StandardCharsets.US_ASCII));
        answer.writeBytes(loopback.getAddress());
        answer.write(seederPort >> 8);
        answer.write(seederPort & 0xff);
        answer.write('e');
        byte[] body = answer.toByteArray();

        HttpServer http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        http.createContext("/announce", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
        System.out.println(http.getAddress().getPort() + " " + udp.getLocalPort());
        System.out.flush();

        byte[] in = new byte[2048];
        while (true) {
            DatagramPacket request = new DatagramPacket(in, in.length);
            udp.receive(request);
            if (request.getLength() < 16) {
                continue;
            }
            ByteBuffer r = ByteBuffer.wrap(in, 0, request.getLength());
            long first = r.getLong();
            int action = r.getInt();
            int transaction = r.getInt();
            ByteBuffer out = ByteBuffer.allocate(64);
            if (action == CONNECT) {
                out.putInt(CONNECT).putInt(transaction).putLong(first ^ 0x5eed);
            } else {
                out.putInt(ERROR).putInt(transaction).put("training: try the next tier".getBytes(StandardCharsets.US_ASCII));
            }
            udp.send(new DatagramPacket(out.array(), out.position(), request.getSocketAddress()));
        }
    }
}
