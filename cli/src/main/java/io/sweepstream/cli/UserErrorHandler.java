package io.sweepstream.cli;

import picocli.CommandLine;

/**
 * Turns failures into one readable line: bad input exits 2, anything else 1. A stack trace is
 * printed only with {@code SWEEP_DEBUG=1}.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println("sweep " + cli.getCommandName() + ": " + message(e));
        if ("1".equals(System.getenv("SWEEP_DEBUG"))) {
            e.printStackTrace(cli.getErr());
        }
        return e instanceof IllegalArgumentException ? 2 : 1;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
