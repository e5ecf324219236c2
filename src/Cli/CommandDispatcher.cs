namespace BindingConformance.Cli;

/// <summary>Picks the verb, runs it, and maps usage errors to exit code 2 with one clear line.</summary>
public static class CommandDispatcher
{
    public static async Task<int> RunAsync(IReadOnlyList<ICommand> commands, string[] args, TextWriter stdout, TextWriter stderr)
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

        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            stdout.WriteLine($"usage: conformance {command.Usage}");
            stdout.WriteLine();
            stdout.WriteLine(command.Summary);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await command.RunAsync(new CommandArgs(args.Skip(1)), stdout, stderr, cancel.Token);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
