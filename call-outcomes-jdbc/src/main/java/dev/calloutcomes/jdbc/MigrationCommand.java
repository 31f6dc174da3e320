package dev.calloutcomes.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.util.Set;

/**
 * Command line for schema migrations:
 * {@code java -cp ... dev.calloutcomes.jdbc.MigrationCommand upgrade|downgrade|status --jdbc-url URL [--user U] [--password P]}.
 * The JDBC driver must be on the class path. Exit code 0 on success, 1 on failure, 2 on bad arguments.
 */
public final class MigrationCommand {
    private MigrationCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = null;
        String url = System.getenv("CALL_OUTCOMES_JDBC_URL");
        String user = null;
        String password = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (a) {
                case "--jdbc-url" -> url = hasValue ? args[++i] : null;
                case "--user" -> user = hasValue ? args[++i] : null;
                case "--password" -> password = hasValue ? args[++i] : null;
                default -> command = a;
            }
        }
        if (command == null || url == null || !Set.of("upgrade", "downgrade", "status").contains(command)) {
            err.println("usage: MigrationCommand upgrade|downgrade|status --jdbc-url URL [--user U] [--password P]");
            return 2;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(1);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            Migrations migrations = Migrations.of(ds);
            switch (command) {
                case "upgrade" -> migrations.upgrade();
                case "downgrade" -> migrations.downgrade();
                default -> { }
            }
            Migrations.Status status = migrations.status();
            out.println("applied: " + status.applied());
            out.println("pending: " + status.pending());
            if (!status.earlierModuleTables().isEmpty()) {
                out.println("earlier module's tables (not adopted yet): " + status.earlierModuleTables());
            }
            if (!status.adoption().isEmpty()) {
                out.println("upgrade would adopt them in place:");
                status.adoption().forEach(step -> out.println("  - " + step));
            }
            if (status.adoptedEarlierModule()) {
                out.println("the earlier module's tables were adopted here; downgrade returns them as they were");
            }
            return 0;
        } catch (RuntimeException e) {
            err.println(command + " failed: " + e.getMessage());
            return 1;
        }
    }
}
