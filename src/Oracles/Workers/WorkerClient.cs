using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// Owns the worker of one oracle: starts it on first use, and starts a fresh one when the previous one
/// broke (crashed, hung, was killed), so that one failed request does not fail every later test.
/// </summary>
public sealed class WorkerClient(Func<WorkerProcess> start, TimeSpan requestTimeout) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private WorkerProcess? worker;

    /// <summary>Progress messages of the worker's requests.</summary>
    public event EventHandler<string>? Progress;

    public Task<WorkerReply> RequestAsync(string op, JsonObject? args, IReadOnlyList<NamedTensor> tensors, CancellationToken cancellationToken) =>
        RequestAsync(op, args, tensors, requestTimeout, cancellationToken);

    public async Task<WorkerReply> RequestAsync(
        string op, JsonObject? args, IReadOnlyList<NamedTensor> tensors, TimeSpan timeout, CancellationToken cancellationToken)
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
            return await worker.RequestAsync(op, args, tensors, timeout, cancellationToken);
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
