using System.Runtime.InteropServices;
using System.Text;

namespace BindingConformance.Cli;

/// <summary>
/// Keeps what native code prints off the tool's stdout. libtorch runs a TorchScript archive's <c>print</c> (from its
/// <c>__setstate__</c> while loading, or its <c>forward</c>) inside this process and writes it to file descriptor 1, where
/// it would mix with the tool's results and with what a script reads from them. So file descriptor 1 is pointed at
/// stderr, and the tool writes its results to a duplicate of the original stdout.
/// </summary>
internal static partial class NativeStdoutGuard
{
    private const int StandardOutput = 1;
    private const int StandardError = 2;

    /// <summary>The writer for the tool's results: the original stdout, once native writes to it go to stderr instead.</summary>
    public static TextWriter Divert()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return Console.Out;
        // .NET opens a duplicate of file descriptor 1 here, so the stream keeps the original stdout after the redirection.
        var results = Console.OpenStandardOutput();
        if (Redirect(StandardError, StandardOutput) < 0) return Console.Out;
        Console.SetOut(new StreamWriter(results, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" });
        return Console.Out;
    }

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Redirect(int from, int to);
}
