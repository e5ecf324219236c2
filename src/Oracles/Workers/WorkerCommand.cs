using System.Globalization;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// The command a manifest starts its worker with, resolved the same way everywhere: the executable from
/// <see cref="BindingManifest.ExecutableVariable"/> when that variable is set, else <see cref="BindingManifest.Executable"/>;
/// a bare name is searched on PATH, a relative path is taken from the manifest's folder, never from the current one.
/// Placeholders are expanded (<see cref="ManifestPlaceholders"/>) and the thread count is passed as the manifest says.
/// </summary>
/// <param name="Executable">The absolute path of the executable that was found.</param>
public sealed record WorkerCommand(
    string Executable,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    string? WorkingDirectory)
{
    /// <summary>The command of <paramref name="manifest"/>, or why it cannot start (no executable, no working folder).</summary>
    /// <param name="threads">The intra-op thread count; null uses the manifest's, else <see cref="ThreadSettings"/>.</param>
    public static (WorkerCommand? Command, string? WhyNot) Resolve(BindingManifest manifest, int? threads)
    {
        var configured = manifest.ExecutableVariable is { } variable && System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? (Value: value, From: $" (from ${variable})")
            : (Value: manifest.Executable, From: "");
        var executable = FindExecutable(ManifestPlaceholders.Expand(configured.Value, manifest), manifest.Folder);
        if (!File.Exists(executable))
            return (null, Path.IsPathFullyQualified(executable) || executable.Contains('/')
                ? $"the worker's executable '{executable}'{configured.From} does not exist"
                : $"the worker's executable '{executable}'{configured.From} is not on PATH");

        string? workingDirectory = null;
        if (manifest.WorkingDirectory is { } folder)
        {
            workingDirectory = Path.GetFullPath(ManifestPlaceholders.Expand(folder, manifest), manifest.Folder);
            if (!Directory.Exists(workingDirectory)) return (null, $"the worker's working folder '{workingDirectory}' does not exist");
        }

        var arguments = manifest.Arguments.Select(a => ManifestPlaceholders.Expand(a, manifest)).ToList();
        if (manifest.Threads is { } option && (threads ?? option.Count ?? ThreadSettings.FromEnvironment()) is { } count)
            arguments.AddRange([option.Argument, count.ToString(CultureInfo.InvariantCulture)]);
        var environment = manifest.Environment.ToDictionary(e => e.Key, e => e.Value is null ? null : ManifestPlaceholders.Expand(e.Value, manifest));
        return (new WorkerCommand(executable, arguments, environment, workingDirectory), null);
    }

    /// <summary>Starts the worker, named <paramref name="name"/> in error messages.</summary>
    /// <exception cref="OracleException">The executable cannot be started.</exception>
    public WorkerProcess Start(string name) => WorkerProcess.Start(name, Executable, Arguments, Environment, WorkingDirectory);

    /// <summary>The command as one shell-like line, for messages.</summary>
    public override string ToString() => string.Join(" ", Arguments.Prepend(Executable).Select(a => a.Contains(' ') ? $"'{a}'" : a));

    /// <summary>
    /// <paramref name="executable"/> as a full path: a bare name is searched on PATH (returned unchanged when it is not
    /// there), a path is taken from <paramref name="folder"/> when relative. Whether it exists is the caller's to check.
    /// </summary>
    public static string FindExecutable(string executable, string folder)
    {
        if (executable.Contains('/')) return Path.GetFullPath(executable, folder);
        return (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists) ?? executable;
    }
}
