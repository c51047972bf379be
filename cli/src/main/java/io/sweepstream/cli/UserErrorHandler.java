package io.sweepstream.cli;

import picocli.CommandLine;

/**
 * Turns failures into one readable line: bad input exits 2, anything else 1. A stack trace is
 * printed only with {@code SWEEP_DEBUG=1}.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println(qualifiedName(cli) + ": " + message(e));
        if ("1".equals(System.getenv("SWEEP_DEBUG"))) {
            e.printStackTrace(cli.getErr());
        }
        return e instanceof IllegalArgumentException ? 2 : 1;
    }

    /** Bad flags or values: one line that names the flag, exit code 2. */
    static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println(qualifiedName(cli) + ": " + e.getMessage() + " (see '" + qualifiedName(cli) + " --help')");
        return 2;
    }

    private static String qualifiedName(CommandLine cli) {
        return cli.getCommandSpec().qualifiedName();
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
