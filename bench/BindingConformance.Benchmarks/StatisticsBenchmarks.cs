using BenchmarkDotNet.Attributes;
using BindingConformance.Statistics;

namespace BindingConformance.Benchmarks;

/// <summary>
/// The performance targets: exact DTW of two 10,000-point series under 1 s, FastDTW radius 1 on 100,000
/// points under 1 s, Mann-Whitney U on 10,000 vs 10,000 under 50 ms; plus the exact distribution at 8 vs 200.
/// </summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private double[] exactA = [], exactB = [], fastA = [], fastB = [], sampleX = [], sampleY = [], smallX = [], largeY = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261122);
        exactA = Series(random, 10_000);
        exactB = Series(random, 10_000);
        fastA = Series(random, 100_000);
        fastB = Series(random, 100_000);
        sampleX = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble()).ToArray();
        sampleY = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble() + 0.01).ToArray();
        smallX = Enumerable.Range(0, 8).Select(_ => random.NextDouble()).ToArray();
        largeY = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();
    }

    // A noisy random walk, like a training curve with jitter.
    private static double[] Series(Random random, int length)
    {
        var series = new double[length];
        for (var i = 1; i < length; i++) series[i] = series[i - 1] + random.NextDouble() - 0.5;
        return series;
    }

    [Benchmark]
    public double ExactDtw10k() => DynamicTimeWarping.Exact(exactA, exactB).Distance;

    [Benchmark]
    public double FastDtw100kRadius1() => DynamicTimeWarping.Fast(fastA, fastB, 1).Distance;

    [Benchmark]
    public double MannWhitney10kVs10k() => MannWhitneyU.Test(sampleX, sampleY).PValue;

    [Benchmark]
    public double MannWhitneyExact8Vs200() => MannWhitneyU.Test(smallX, largeY).PValue;

    [Benchmark]
    public double CliffsDelta10kVs10k() => CliffsDelta.Compute(sampleX, sampleY).Delta;
}
