using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// The requests every worker oracle checks, sends and reads the same way (<c>probe</c>, <c>activations</c>): one body for
/// all of them, so a worker binding cannot drift from the others.
/// </summary>
public static class WorkerOracleRequests
{
    /// <summary>Refuses a mode the binding does not declare before the worker starts, then runs the probe in the worker.</summary>
    public static async Task<ProbeRunResult> RunProbeAsync(
        WorkerClient client, string bindingId, OracleCapabilities capabilities, ProbeRunRequest request, CancellationToken cancellationToken)
    {
        if (capabilities.WhyCannotRunProbe(bindingId, request) is { } why) throw new OracleException(why);
        return WorkerMessages.ToProbeResult(
            await client.RequestAsync("probe", WorkerMessages.ProbeArgs(request), WorkerMessages.ProbeTensors(request), RequestDeadline.For(request), cancellationToken),
            request);
    }

    /// <summary>Refuses a format or batch the binding cannot run layer by layer, then asks the worker for every layer's output.</summary>
    public static async Task<ActivationsResult> ActivationsAsync(
        WorkerClient client, string bindingId, OracleCapabilities capabilities, ActivationsRequest request, CancellationToken cancellationToken)
    {
        if (capabilities.WhyCannotReportActivations(bindingId, request) is { } why) throw new OracleException(why);
        return WorkerMessages.ToActivationsResult(
            await client.RequestAsync("activations", WorkerMessages.ActivationsArgs(request), WorkerMessages.ActivationsTensors(request), RequestDeadline.For(request), cancellationToken),
            request);
    }
}
