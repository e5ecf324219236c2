using System.Diagnostics;

namespace BindingConformance.Tests.Cli;

/// <summary>
/// The real <c>conformance</c> tool in a child process: for what only a process shows (its environment, its stdout file
/// descriptor, a file system mounted read-only for it alone).
/// </summary>
internal static class ToolProcess
{
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static string Tool => Path.Combine(AppContext.BaseDirectory, "conformance.dll");

    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync(Dotnet, [Tool, .. args], environment);

    /// <summary>
    /// The tool with <paramref name="folder"/> bind-mounted read-only in a mount namespace of its own (<c>unshare -m</c>,
    /// as root, as CI runs), so the folder refuses writes with EROFS while the rest of the machine is untouched.
    /// </summary>
    public static Task<(int Exit, string Stdout, string Stderr)> RunOnReadOnlyAsync(string folder, string[] args) =>
        StartAsync("unshare", ["-m", "sh", "-c", "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && shift && exec \"$@\"", "sh", folder, Dotnet, Tool, .. args], null);

    private static async Task<(int Exit, string Stdout, string Stderr)> StartAsync(string file, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, stderr);
    }
}
