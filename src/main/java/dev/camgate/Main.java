package dev.camgate;

import dev.camgate.camera.CameraTypes;
import dev.camgate.config.Config;
import dev.camgate.config.ConfigException;
import dev.camgate.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line. Exit codes: 0 fine, 1 could not start (port taken...), 2 bad configuration or arguments. */
@Command(name = "camgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Watch your home WebRTC cameras (Momo, UV4L, a browser) live in a browser.%n"
                + "Serves the dashboard and Ayame-compatible signaling on one port.",
        subcommands = {Main.CheckConfig.class, Main.HashPassword.class, Main.NewToken.class, Main.Reference.class,
                dev.camgate.bench.BenchCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "${env:CAMGATE_CONFIG}",
            description = "YAML configuration file (env CAMGATE_CONFIG). Without one, camgate runs with defaults.")
    Path config;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "${env:CAMGATE_PORT}",
            description = "Port for pages, API and signaling (env CAMGATE_PORT, default 41337).")
    Integer port;

    @Option(names = "--listen", paramLabel = "ADDRESS", defaultValue = "${env:CAMGATE_LISTEN}",
            description = "Address to listen on (env CAMGATE_LISTEN, default 0.0.0.0 = every interface).")
    String listen;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:CAMGATE_STATE_DIR}",
            description = "Where camgate keeps its admin token, session key and self-signed certificate "
                    + "(env CAMGATE_STATE_DIR, default ~/.local/state/camgate).")
    String stateDir;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:CAMGATE_LOG_LEVEL}",
            description = "trace, debug, info, warn or error (env CAMGATE_LOG_LEVEL, default info).")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:CAMGATE_LOG_FORMAT:-text}",
            description = "text (for people) or json (one object a line, for log shippers); env CAMGATE_LOG_FORMAT.")
    String logFormat;

    public static void main(String[] args) {
        // Quiet until a command chooses: logback's own default would print Netty's debug output.
        Logging.configure("warn", Logging.Format.TEXT);
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("camgate: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'camgate --help'.");
            return 2;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        Config cfg;
        try {
            cfg = effectiveConfig();
        } catch (ConfigException e) {
            System.err.println("camgate: " + e.getMessage());
            return 2;
        }
        Logging.Format format;
        try {
            format = Logging.Format.valueOf(logFormat.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("camgate: --log-format must be text or json, not '" + logFormat + "'");
            return 2;
        }
        Logging.configure(cfg.logLevel(), format);
        Hub hub;
        try {
            hub = Hub.start(cfg);
        } catch (ConfigException e) {
            System.err.println("camgate: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("camgate: cannot listen on " + cfg.listen() + ":" + cfg.port() + ": " + e.getMessage()
                    + (e instanceof java.net.BindException ? " (is another camgate running? choose another with --port)" : ""));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("camgate");
            log.info("stopping: saying bye to every camera and viewer");
            hub.close();
            log.info("stopped");
            System.out.flush();
            // A stop that was asked for is a success: exit 0, not the JVM's 143 for SIGTERM.
            Runtime.getRuntime().halt(0);
        }, "camgate-shutdown"));
        printWelcome(cfg, hub, format);
        new CountDownLatch(1).await();
        return 0;
    }

    Config effectiveConfig() {
        Config cfg = config == null ? Config.defaults() : ConfigLoader.load(config, c -> CameraTypes.of(c).validate(c));
        try {
            if (port != null) {
                cfg = cfg.withPort(port);
            }
            if (listen != null) {
                cfg = cfg.withListen(listen);
            }
            if (logLevel != null) {
                cfg = cfg.withLogLevel(logLevel);
            }
            if (stateDir != null) {
                cfg = cfg.withStateDir(stateDir);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return cfg;
    }

    /** Since the process began, JVM start included: the figure docs/benchmarks.md holds to one second. */
    private static String startedIn() {
        double seconds = secondsSinceProcessStart();
        return seconds < 0 ? "" : String.format(java.util.Locale.ROOT, ", started in %.2f s", seconds);
    }

    /**
     * From /proc, where both times count from boot in 10 ms ticks. ProcessHandle's start instant is no good
     * here: it adds the boot time, which Linux gives in whole seconds.
     */
    private static double secondsSinceProcessStart() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double startedAfterBoot = Long.parseLong(fields[19]) / 100.0; // field 22, in USER_HZ (100 on Linux)
            String uptime = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"));
            return Double.parseDouble(uptime.substring(0, uptime.indexOf(' '))) - startedAfterBoot;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void printWelcome(Config cfg, Hub hub, Logging.Format format) {
        int port = hub.port();
        boolean ipv6 = cfg.listen().equals("::");
        Welcome welcome = new Welcome(cfg, port, hub.tls() != null, hub.adminToken(), Addresses.ofThisMachine(ipv6));
        String dashboard = welcome.base(welcome.hosts().get(0));
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("camgate");
        String warning = openWarning(cfg, port);
        if (warning != null) {
            log.warn(warning);
        }
        String plain = dev.camgate.http.PlainHttpGuard.startWarning(cfg);
        if (plain != null) {
            log.warn(plain);
        }
        String listening = "camgate " + Version.text() + " is listening on " + cfg.listen() + ":" + port
                + (hub.tls() != null ? " (https)" : "") + startedIn();
        if (format == Logging.Format.JSON) {
            // Every line a log shipper sees must be JSON; the token stays in the state directory.
            log.info("{}; dashboard {}{}", listening, dashboard, hub.adminToken() == null ? ""
                    : "; log in with the token in " + cfg.stateDirectory() + "/" + dev.camgate.auth.Authenticator.ADMIN_TOKEN_FILE);
            return;
        }
        System.out.println(listening);
        List<String> lines = welcome.lines();
        int certAt = lines.indexOf(lines.stream().filter(l -> l.startsWith("  dashboard:")).findFirst().orElseThrow()) + 1;
        if (hub.tls() != null) {
            lines.add(certAt, "               (" + hub.tls().certificateFile() + "; check this fingerprint when your browser asks)");
            lines.add(certAt, "  certificate: SHA-256 " + hub.tls().fingerprint());
        }
        lines.forEach(System.out::println);
        System.out.flush();
    }

    /** The loud warning for a hub without logins that other machines can reach; null when there is none to give. */
    static String openWarning(Config cfg, int port) {
        if (cfg.auth().enabled() || cfg.loopbackOnly()) {
            return null;
        }
        return "AUTH IS OFF (auth: none) and camgate listens on " + cfg.listen() + ": ANYONE who can reach port " + port
                + " can watch every camera. Remove 'auth: none' or listen on 127.0.0.1 only.";
    }

    @Command(name = "check-config", mixinStandardHelpOptions = true,
            description = "Checks a configuration file without starting camgate. Exit code 0 if valid, 2 if not.")
    static final class CheckConfig implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the YAML file to check")
        Path file;

        @Override
        public Integer call() {
            try {
                Config cfg = ConfigLoader.load(file, c -> CameraTypes.of(c).validate(c));
                System.out.println(file + ": valid (" + cfg.cameras().size() + " cameras, port " + cfg.port() + ")");
                return 0;
            } catch (ConfigException e) {
                System.err.println("camgate: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Reads a password (asked twice on a terminal, else one line from standard input) and prints "
                    + "the hash to put in the config file; the password itself never goes there.")
    static final class HashPassword implements Callable<Integer> {
        @Override
        public Integer call() throws java.io.IOException {
            char[] password;
            java.io.Console console = System.console();
            if (interactive(console)) {
                password = console.readPassword("Password: ");
                char[] again = console.readPassword("Again: ");
                if (password == null || again == null || !java.util.Arrays.equals(password, again)) {
                    System.err.println("camgate: the two passwords differ");
                    return 2;
                }
            } else {
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
            if (password.length < 8) {
                System.err.println("camgate: use a password of at least 8 characters");
                return 2;
            }
            System.out.println(dev.camgate.auth.Passwords.hash(password));
            return 0;
        }

        /** Java 22+ gives a Console even when input is piped; isTerminal (22+) tells the two apart. */
        private static boolean interactive(java.io.Console console) {
            if (console == null) {
                return false;
            }
            try {
                return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
            } catch (ReflectiveOperationException e) {
                return true; // Java 21: a Console exists only on a terminal
            }
        }
    }

    @Command(name = "new-token", mixinStandardHelpOptions = true,
            description = "Prints a new random token (give it to the program or screen that will use it) and the hash "
                    + "to put under auth.tokens in the config file.")
    static final class NewToken implements Callable<Integer> {
        @Override
        public Integer call() {
            String token = dev.camgate.auth.Tokens.random();
            System.out.println("token:      " + token);
            System.out.println("token_hash: " + dev.camgate.auth.Tokens.hash(token));
            return 0;
        }
    }

    @Command(name = "config-reference", mixinStandardHelpOptions = true,
            description = "Prints every setting, camera field and camera type option, with defaults, as Markdown.")
    static final class Reference implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(ConfigReference.markdown());
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        static String text() {
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "(development build)" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"camgate " + text()};
        }
    }
}
