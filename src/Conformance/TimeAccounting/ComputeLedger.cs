using System.Collections.Concurrent;
using System.Diagnostics;

namespace BindingConformance.TimeAccounting;

/// <summary>The wall time a run spent inside each binding's calls, by <see cref="ComputeUse"/>; thread-safe.</summary>
public sealed class ComputeLedger
{
    private readonly ConcurrentDictionary<(string Binding, ComputeUse Use), double> seconds = new();

    /// <summary><paramref name="call"/>'s result, its wall time (success or failure) added to <paramref name="binding"/>'s <paramref name="use"/>.</summary>
    public async Task<T> TimeAsync<T>(string binding, ComputeUse use, Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return await call();
        }
        finally
        {
            Add(binding, use, clock.Elapsed.TotalSeconds);
        }
    }

    public T Time<T>(string binding, ComputeUse use, Func<T> call)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return call();
        }
        finally
        {
            Add(binding, use, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>Seconds of <paramref name="binding"/>'s <paramref name="use"/> so far.</summary>
    public double Of(string binding, ComputeUse use) => seconds.GetValueOrDefault((binding, use));

    private void Add(string binding, ComputeUse use, double elapsed) => seconds.AddOrUpdate((binding, use), elapsed, (_, total) => total + elapsed);
}
