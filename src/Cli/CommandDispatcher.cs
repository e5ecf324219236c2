using BindingConformance.Oracles.Data;

namespace BindingConformance.Cli;

/// <summary>
/// Picks the verb, runs it, and maps usage and input errors to exit code 2 with one clear line, and Ctrl-C to
/// exit code 130, the shell's code for SIGINT.
/// </summary>
public static class CommandDispatcher
{
    public const int Interrupted = 130;

    /// <param name="interrupt">Cancelled like Ctrl-C; lets tests interrupt a command.</param>
    public static async Task<int> RunAsync(IReadOnlyList<ICommand> commands, string[] args, TextWriter stdout, TextWriter stderr,
        CancellationToken interrupt = default)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine("usage: conformance <command> [options]");
            stdout.WriteLine();
            foreach (var c in commands) stdout.WriteLine($"  {c.Name,-12} {c.Summary}");
            stdout.WriteLine();
            stdout.WriteLine("conformance <command> --help shows a command's options.");
            return args.Length == 0 ? 2 : 0;
        }

        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"error: unknown command '{args[0]}'; known: {string.Join(", ", commands.Select(c => c.Name))}");
            return 2;
        }

        // Words after "--" are the command's own (check-worker's worker command), never a request for help.
        if (args.Skip(1).TakeWhile(a => a != CommandArgs.Separator).Any(a => a is "--help" or "-h"))
        {
            stdout.WriteLine($"usage: conformance {command.Usage}");
            stdout.WriteLine();
            stdout.WriteLine(command.Summary);
            return 0;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await command.RunAsync(new CommandArgs(args.Skip(1)), stdout, stderr, cancel.Token);
        }
        catch (Exception e) when (e is UsageException or DatasetSourceMissingException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            stderr.WriteLine($"interrupted: conformance {command.Name} stopped");
            return Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
