using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// Owns the worker of one oracle: starts it on first use, and starts a fresh one when the previous one
/// broke (crashed, hung, was killed), so that one failed request does not fail every later test.
/// </summary>
public sealed class WorkerClient(Func<WorkerProcess> start) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private WorkerProcess? worker;

    /// <summary>Progress messages of the worker's requests.</summary>
    public event EventHandler<string>? Progress;

    /// <summary>Sends one request to the current worker, or to a fresh one when the previous one broke, timed out or stalled.</summary>
    public async Task<WorkerReply> RequestAsync(
        string op, JsonObject? args, IReadOnlyList<NamedTensor> tensors, RequestDeadline deadline, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (worker is { IsRunning: false })
            {
                await worker.DisposeAsync();
                worker = null;
            }
            if (worker is null)
            {
                worker = start();
                worker.Progress += (sender, message) => Progress?.Invoke(sender, message);
            }
            return await worker.RequestAsync(op, args, tensors, deadline, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (worker is not null) await worker.DisposeAsync();
        worker = null;
        gate.Dispose();
    }
}
