using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// The one oracle of every binding that runs as a worker process (PROTOCOL.md): a manifest says how to start the worker
/// and what the binding is; the worker's <c>hello</c> declares what it can do. The first thing that needs the declaration
/// (its capabilities, its availability, a request) probes the worker once. A binding that is absent — no executable, a
/// worker that fails to start or answer, another protocol major version, a hello that contradicts the manifest, an invalid
/// manifest — has every capability, so that each of its cells exists and is skipped with the absence reason rather than
/// with a reason it might not have.
/// </summary>
public sealed class WorkerOracle : IBindingOracle, IReportsProgress, ITrainingStepProbe, IReleasedBinding
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromMinutes(2);

    /// <summary>What an absent binding is taken to do: everything, so that no cell of it disappears or is skipped for another reason.</summary>
    private static readonly OracleCapabilities Undeclared = new(CanTrain: true, ModelZoo.Names, Enum.GetValues<ModelFormat>(), Enum.GetValues<ModelFormat>())
    {
        ActivationFormats = Enum.GetValues<ModelFormat>(),
        ExecutionModes = ExecutionMode.All,
    };

    private readonly WorkerClient client;
    private readonly Lock declaring = new();
    private Declared? declared;
    private readonly int? threads;
    private WorkerCommand? command;

    /// <param name="threads">Intra-op threads the worker is asked for; null uses the manifest's count, else <see cref="ThreadSettings"/>.</param>
    /// <remarks>Each train or evaluate request is bounded by its <see cref="RequestDeadline"/>; a worker that exceeds it or stalls is killed.</remarks>
    public WorkerOracle(BindingManifest manifest, int? threads = null)
    {
        if (threads is <= 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "thread count must be positive");
        Manifest = manifest;
        Binding = manifest.Descriptor;
        this.threads = threads;
        client = new WorkerClient(() => (command ?? throw new OracleException($"{Binding.Id} not available: {Probe().Reason}")).Start(Binding.Id));
        client.Progress += (sender, message) => Progress?.Invoke(sender, message);
    }

    public BindingManifest Manifest { get; }

    /// <summary>The binding of <paramref name="manifest"/>, followed by each release its manifest always runs beside it.</summary>
    public static IReadOnlyList<IBindingOracle> Of(BindingManifest manifest)
    {
        var oracle = new WorkerOracle(manifest);
        return [oracle, .. (manifest.Releases?.Versions ?? []).Select(oracle.Release)];
    }

    public BindingDescriptor Binding { get; }

    /// <summary>What the worker's hello declared; <see cref="Undeclared"/> while the binding is absent.</summary>
    public OracleCapabilities Capabilities => Declaration.Capabilities;

    /// <summary>Progress of the worker's requests, formatted <c>"train: epoch 2/3: …"</c>.</summary>
    public event EventHandler<string>? Progress;

    /// <summary>Starts the worker and reads its hello, once; an absence is an answer, never an exception (Ctrl-C aside).</summary>
    public BindingAvailability Probe() => Declaration.Availability;

    public async Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        if ((WhyNot() ?? Capabilities.WhyCannotTrain(Binding.Id, request.Model)) is { } why) throw new OracleException(why);
        return WorkerMessages.ToTrainResult(
            await client.RequestAsync("train", WorkerMessages.TrainArgs(request), WorkerMessages.TrainTensors(request), RequestDeadline.For(request), cancellationToken),
            request);
    }

    /// <summary>Evaluates on the binding's default backend, or on an alternate one when the request names it.</summary>
    public async Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        if ((WhyNot() ?? Capabilities.WhyCannotEvaluate(Binding.Id, request)) is { } why) throw new OracleException(why);
        return WorkerMessages.ToEvaluateResult(
            await client.RequestAsync("evaluate", WorkerMessages.EvaluateArgs(request), [], RequestDeadline.For(request), cancellationToken));
    }

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        WhyNot() is { } why ? throw new OracleException(why)
            : WorkerOracleRequests.ActivationsAsync(client, Binding.Id, Capabilities, request, cancellationToken);

    public string? WhyNoStep =>
        WhyNot() ?? (Declaration.WhyNoTrainingStep is { } why ? $"{Binding.Id} does not run the training-step probe: {why}" : null);

    /// <summary>The identity probe's step, for a worker whose hello declares <c>training_step</c> in protocol 1.1 or later.</summary>
    public async Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default)
    {
        if ((WhyNoStep ?? request.WhyInvalid()) is { } why) throw new OracleException(why);
        return WorkerMessages.ToStepResult(
            await client.RequestAsync("step", WorkerMessages.StepArgs(request), WorkerMessages.StepTensors(request), RequestDeadline.For(request), cancellationToken),
            request);
    }

    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) =>
        WhyNot() is { } why ? throw new OracleException(why)
            : WorkerOracleRequests.RunProbeAsync(client, Binding.Id, Capabilities, request, cancellationToken);

    /// <summary>This binding at another released version (<c>mybinding@2.1.0</c>), installed into its own folder on first use.</summary>
    /// <exception cref="ArgumentException">The manifest declares no releases, or the version is not an exact one.</exception>
    public IBindingOracle Release(string version) => new WorkerOracle(Manifest.ForRelease(version), threads);

    public ValueTask DisposeAsync() => client.DisposeAsync();

    /// <summary>
    /// The declaration, read once. A hello cut by Ctrl-C (<see cref="WorkerProcess.Interrupt"/>) ends in
    /// <see cref="OperationCanceledException"/> and is not remembered: it says nothing about the binding.
    /// </summary>
    private Declared Declaration
    {
        get
        {
            lock (declaring) return declared ??= Declare();
        }
    }

    private string? WhyNot() => Probe() is { Available: false } absent ? $"{Binding.Id} not available: {absent.Reason}" : null;

    private Declared Declare()
    {
        try
        {
            return DeclareOrAbsent();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OracleException)
        {
            return Absent(e.Message);
        }
    }

    private Declared DeclareOrAbsent()
    {
        if (Manifest.Problem is { } problem)
            return Absent($"its manifest {Manifest.File} is invalid: {problem}", $"correct {Manifest.File} (src/Oracles/Workers/PROTOCOL.md, \"Manifests\")");
        if (Manifest is { Release.Version: { } version, Releases: { } releases, Packages: { } packages }
            && NpmReleaseInstaller.Install(releases.Packages, version, Path.GetDirectoryName(packages)!) is { } notInstalled)
            return Absent(notInstalled, $"check that npm reaches its registry and that {version} is a released version (npm view {releases.Packages[0]} versions)");
        var (resolved, whyNot) = WorkerCommand.Resolve(Manifest, threads);
        if (resolved is null) return Absent(whyNot!);
        command = resolved;

        WorkerDeclaration declaration;
        try
        {
            var hello = Task.Run(() => client.RequestAsync("hello", null, [], RequestDeadline.Fixed(HelloTimeout), CancellationToken.None)).GetAwaiter().GetResult();
            declaration = WorkerDeclaration.Read(hello.Result);
        }
        catch (OracleException e)
        {
            return Absent(e.Message);
        }
        if (declaration.WhyNot(Binding) is { } contradiction) return Absent($"{contradiction} ({Manifest.File})");
        if (Manifest.Release is { Version: var release } && declaration.Version != release)
            return Absent($"the worker loaded {declaration.Binding} {declaration.Version} from {ManifestPlaceholders.Expand("{packages}", Manifest)}, not the release {release} asked for");
        return new Declared(declaration.Availability(Binding), declaration.Capabilities, declaration.WhyNoTrainingStep);
    }

    private Declared Absent(string reason, string? fix = null) =>
        new(BindingAvailability.Absent(Binding, reason, fix ?? Manifest.InstallHint), Undeclared, WhyNoTrainingStep: reason);

    private sealed record Declared(BindingAvailability Availability, OracleCapabilities Capabilities, string? WhyNoTrainingStep);
}
