using System.Globalization;
using BindingConformance.Oracles.Workers;
using BindingConformance.Oracles.Workers.Checks;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance check-worker</c>: the protocol conformance test a binding author runs on a worker before writing its
/// manifest. Exit code 0 when every check passed, 1 when any failed, 2 for bad usage.
/// </summary>
public sealed class CheckWorkerCommand : ICommand
{
    private const double DefaultTimeout = 60;

    public string Name => "check-worker";

    public string Usage =>
        "check-worker [--timeout SECONDS] -- COMMAND [ARGS...]  |  check-worker [--timeout SECONDS] --manifest FILE\n\n" +
        "Starts the worker and checks that it speaks src/Oracles/Workers/PROTOCOL.md, check by check:\n  " +
        string.Join(", ", WorkerChecks.Names) + ".\n" +
        "Each check prints PASS or FAIL with one line of why. A request that takes longer than --timeout (default " +
        $"{DefaultTimeout:0} s) fails its check.\nThe worker must answer hello, echo and shutdown; examples/workers/ holds a minimal one to copy.\n" +
        "Exit code 0 when every check passed, 1 when any failed, 2 for bad usage.";

    public string Summary => "check that a worker speaks the worker protocol: handshake, ids, progress, errors, malformed requests, large tensors, time-outs, shutdown";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var timeout = args.Double("timeout", DefaultTimeout);
        var manifestFile = args.Option("manifest");
        var words = args.AfterSeparator;
        args.EnsureAllUsed();
        if (timeout <= 0 || timeout > 3600) throw new UsageException($"--timeout must be a number of seconds above 0 and at most 3600 (got {timeout.ToString(CultureInfo.InvariantCulture)})");
        if ((manifestFile is null) == (words is not { Count: > 0 }))
            throw new UsageException("give the worker's command after '--' (check-worker -- node worker.mjs), or --manifest FILE, not both");

        var command = manifestFile is null ? FromWords(words!) : FromManifest(manifestFile);
        stdout.WriteLine($"check-worker: {command} (each request at most {timeout.ToString(CultureInfo.InvariantCulture)} s)");
        await using var checks = new WorkerChecks(command, TimeSpan.FromSeconds(timeout));
        var results = await checks.RunAsync(r => stdout.WriteLine($"{(r.Passed ? "PASS" : "FAIL")} {r.Name}: {r.Detail}"), cancellationToken);
        var failed = results.Count(r => !r.Passed);
        stdout.WriteLine($"{results.Count - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>The command line after <c>--</c>: a bare executable name is searched on PATH, a path is taken from the current folder.</summary>
    private static WorkerCommand FromWords(IReadOnlyList<string> words)
    {
        var executable = WorkerCommand.FindExecutable(words[0], Directory.GetCurrentDirectory());
        if (!File.Exists(executable))
            throw new UsageException(words[0].Contains('/') ? $"no executable at {executable}" : $"'{words[0]}' is not on PATH");
        return new WorkerCommand(executable, words.Skip(1).ToArray(), new Dictionary<string, string?>(), null);
    }

    private static WorkerCommand FromManifest(string file)
    {
        BindingManifest manifest;
        try
        {
            manifest = BindingManifestReader.Read(file);
        }
        catch (BindingManifestException e)
        {
            throw new UsageException(e.Message);
        }
        if (manifest.Problem is { } problem) throw new UsageException($"binding manifest {manifest.File} is invalid: {problem}");
        var (command, whyNot) = WorkerCommand.Resolve(manifest, threads: null);
        return command ?? throw new UsageException($"{manifest.Id}: {whyNot}");
    }
}
