package dev.offload.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code offload completion}: prints a bash completion script for every command and option (picocli's). */
@Command(name = "completion", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Prints a bash completion script for offload's commands and options (zsh: after "
                + "'autoload -U bashcompinit && bashcompinit').",
                "Use it in this shell:  source <(./offload completion)",
                "or for good:           ./offload completion > ~/.local/share/bash-completion/completions/offload"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(script(spec.root().commandLine()));
        out.flush();
        return 0;
    }

    /**
     * The completion script of a command line.
     *
     * @param root the top-level command line ({@code offload})
     * @return a bash script that registers the completion function for {@code offload}
     */
    static String script(picocli.CommandLine root) {
        return AutoComplete.bash(root.getCommandName(), root);
    }
}
