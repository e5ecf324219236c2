using System.Diagnostics;
using BindingConformance.Oracles;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance setup</c>: installs the reference environment the worker bindings need, with the script <c>./bootstrap.sh</c>
/// runs in a checkout (<c>build/setup-reference-environment.sh</c>, shipped with the tool): Debian packages (root, or
/// <c>sudo -n</c>; otherwise it prints the <c>apt-get</c> line and exits 1) and the Node packages of the product's
/// <c>package-lock.json</c> into <see cref="ProductPaths.NodeModules"/>. Exit 0 when everything is present afterwards.
/// </summary>
public sealed class SetupCommand : ICommand
{
    public const string Script = "build/setup-reference-environment.sh";

    public string Name => "setup";

    public string Usage => "setup";

    public string Summary => "install what the worker bindings need: Debian packages (python3-torch, nodejs; needs root) and TensorFlow.js with the npm datasets";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        args.EnsureAllUsed();
        var script = ProductPaths.Shipped(Script);
        if (!File.Exists(script)) throw new UsageException($"the setup script is missing from this installation ({script}); reinstall the tool");
        var nodeModules = ProductPaths.NodeModules;
        if (Path.GetFileName(Path.TrimEndingDirectorySeparator(nodeModules)) != "node_modules")
            throw new UsageException($"${ProductPaths.NodeModulesVariable} must name a folder called node_modules (got {nodeModules})");
        var nodeFolder = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(nodeModules))!;
        stdout.WriteLine($"setup: Node packages into {nodeModules}");

        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { script, "--node-folder", nodeFolder, "--lock-folder", ProductPaths.Shipped(".") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new UsageException("bash could not be started");
        var output = Forward(process.StandardOutput, stdout);
        var errors = Forward(process.StandardError, stderr);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(output, errors);
        if (process.ExitCode != 0) return 1;
        stdout.WriteLine("setup: done; `conformance doctor` shows what each binding found");
        return 0;
    }

    private static async Task Forward(StreamReader from, TextWriter to)
    {
        while (await from.ReadLineAsync() is { } line) to.WriteLine(line);
    }
}
