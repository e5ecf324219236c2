using System.Diagnostics;
using BindingConformance.IO;

namespace BindingConformance.Tests.Cli;

/// <summary>FIFOs and file kinds for the probe corpus: what a careless or hostile user hands the tool where a file belongs.</summary>
internal static class SpecialFiles
{
    /// <summary>Makes a FIFO (named pipe) at <paramref name="path"/> with <c>mkfifo</c>.</summary>
    public static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0) throw new InvalidOperationException($"mkfifo {path} exited {mkfifo.ExitCode}");
    }

    public static FileKind KindOf(string path) => FileKinds.Of(path);
}
