using System.ComponentModel;
using System.Diagnostics;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// Installs one released version of a binding's npm packages into a folder of its own, atomically and once: npm installs
/// into a staging folder beside the target, which is renamed into place only when npm succeeded, so a folder that exists
/// is complete and is reused by every later run (and by a second process racing this one). Install scripts are not run.
/// </summary>
public static class NpmReleaseInstaller
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>Why <paramref name="packages"/> at <paramref name="version"/> could not be installed into <paramref name="folder"/>, or null when they are there.</summary>
    public static string? Install(IReadOnlyList<string> packages, string version, string folder)
    {
        if (Directory.Exists(folder)) return null;
        var parent = Path.GetDirectoryName(folder)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(folder)}.installing-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var specs = packages.Select(p => $"{p}@{version}").ToArray();
            if (RunNpm(staging, specs) is { } failed) return $"npm install {string.Join(" ", specs)} failed: {failed}";
            try
            {
                Directory.Move(staging, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another process installed the same release first; its folder is as good as this one.
            }
            return null;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private static string? RunNpm(string prefix, IReadOnlyList<string> specs)
    {
        var info = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["install", "--prefix", prefix, "--ignore-scripts", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", .. specs])
            info.ArgumentList.Add(argument);
        Process npm;
        try
        {
            npm = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            return $"npm cannot be started ({e.Message}); install Node.js and npm";
        }
        using (npm)
        {
            var stderr = npm.StandardError.ReadToEndAsync();
            _ = npm.StandardOutput.ReadToEndAsync();
            if (!npm.WaitForExit(Limit))
            {
                npm.Kill(entireProcessTree: true);
                return $"it did not finish within {Limit.TotalMinutes:0} minutes";
            }
            if (npm.ExitCode == 0) return null;
            // npm's first error lines say what went wrong (an unknown version: ETARGET, no network: ENOTFOUND).
            var lines = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.StartsWith("npm error ", StringComparison.Ordinal) ? line["npm error ".Length..] : line);
            return $"exit code {npm.ExitCode}: {string.Join(" ", lines.Take(3))}";
        }
    }
}
