using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Workers;

namespace BindingConformance.Cli;

/// <summary>
/// Picks the verb, runs it, and maps usage and input errors to exit code 2 with one clear line, and Ctrl-C to
/// exit code 130, the shell's code for SIGINT, whatever the command was doing when it came.
/// </summary>
public static class CommandDispatcher
{
    public const int Interrupted = 130;

    /// <summary>Exit code of a defect of the product (sysexits' EX_SOFTWARE).</summary>
    public const int InternalError = 70;

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
        // Worker requests that take no token (a binding's availability probe) stop at Ctrl-C too.
        WorkerProcess.Interrupt = cancel.Token;
        try
        {
            var exit = await command.RunAsync(new CommandArgs(args.Skip(1)), stdout, stderr, cancel.Token);
            return cancel.IsCancellationRequested ? Interrupt(command, stderr) : exit;
        }
        // Whatever a command throws once Ctrl-C came (a cancelled request, a killed worker's error) is the interruption.
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            return Interrupt(command, stderr);
        }
        catch (Exception e) when (IsBadInput(e))
        {
            stderr.WriteLine($"error: {OneLine.Of(e.Message)}");
            return 2;
        }
        // Anything else is a defect of the product, never of the user's input: one line, with the details in a file. A run
        // has saved its report after every cell, so what it recorded is kept.
        catch (Exception e)
        {
            stderr.WriteLine($"error: conformance {command.Name} stopped by an internal error ({e.GetType().Name}: {OneLine.Of(e.Message)}); " +
                             $"what it recorded is kept; details for a bug report: {InternalErrorDetails.Write(e)}");
            return InternalError;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Bad usage or input, or an environment that refuses: an option or setting, a missing dataset source, a file that
    /// cannot be read or an output that must not or cannot be written (a device, a read-only file system).
    /// </summary>
    private static bool IsBadInput(Exception e) =>
        e is UsageException or DatasetSourceMissingException or SettingException or IOException or UnauthorizedAccessException;

    private static int Interrupt(ICommand command, TextWriter stderr)
    {
        stderr.WriteLine($"interrupted: conformance {command.Name} stopped");
        return Interrupted;
    }

}
