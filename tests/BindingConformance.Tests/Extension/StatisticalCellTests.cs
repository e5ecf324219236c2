using BindingConformance.SampleSuite;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Extension;

/// <summary>
/// The sample suite's statistical theories run through xunit: identical bindings pass, divergent ones
/// really fail with the statistic, threshold and cell, and cells that cannot run are skipped with reasons.
/// </summary>
public sealed class StatisticalCellTests : IDisposable
{
    private const string CudaReason = "no CUDA device or no CUDA build of this binding";
    private readonly InProcessXunit xunit = new(typeof(SampleRegistry).Assembly);

    public void Dispose() => xunit.Dispose();

    [Fact]
    public void Training_matrix_passes_skips_and_fails_each_cell_for_its_own_reason()
    {
        var outcomes = Run("Training").Select(o => (o.DisplayName, o.Result, Reason: o.Result == "Failed" ? "" : o.Message));

        outcomes.Should().BeEquivalentTo(new[]
        {
            ("Training(model: LeNet5, binding: torchsharp, device: cpu)", "Passed", ""),
            ("Training(model: LeNet5, binding: torchsharp, device: cuda)", "Skipped", $"CUDA not available for torchsharp: {CudaReason}"),
            ("Training(model: LeNet5, binding: shifted, device: cpu)", "Failed", ""),
            ("Training(model: LeNet5, binding: shifted, device: cuda)", "Skipped", $"CUDA not available for shifted: {CudaReason}"),
            ("Training(model: LeNet5, binding: onnxruntime, device: cpu)", "Skipped", "onnxruntime is inference-only"),
            ("Training(model: LeNet5, binding: onnxruntime, device: cuda)", "Skipped", "onnxruntime is inference-only"),
            ("Training(model: LeNet5, binding: missing, device: cpu)", "Skipped", "missing not available: libtorch_missing.so not found"),
            ("Training(model: LeNet5, binding: missing, device: cuda)", "Skipped", "missing not available: libtorch_missing.so not found"),
            ("Training(model: LeNet1, binding: torchsharp, device: cpu)", "Skipped", "torchsharp has no implementation of model LeNet1"),
            ("Training(model: LeNet1, binding: torchsharp, device: cuda)", "Skipped", "torchsharp has no implementation of model LeNet1"),
            ("Training(model: LeNet1, binding: shifted, device: cpu)", "Skipped", "shifted has no implementation of model LeNet1"),
            ("Training(model: LeNet1, binding: shifted, device: cuda)", "Skipped", "shifted has no implementation of model LeNet1"),
            ("Training(model: LeNet1, binding: onnxruntime, device: cpu)", "Skipped", "onnxruntime is inference-only"),
            ("Training(model: LeNet1, binding: onnxruntime, device: cuda)", "Skipped", "onnxruntime is inference-only"),
            ("Training(model: LeNet1, binding: missing, device: cpu)", "Skipped", "missing has no implementation of model LeNet1"),
            ("Training(model: LeNet1, binding: missing, device: cuda)", "Skipped", "missing has no implementation of model LeNet1"),
        });
    }

    [Fact]
    public void A_curve_shifted_by_a_tenth_fails_naming_DTW_its_value_and_the_bound()
    {
        var shifted = Run("Training").Single(o => o.DisplayName == "Training(model: LeNet5, binding: shifted, device: cpu)");

        // Textbook DTW (D[i][j] = |a_i - b_j| + min(D[i-1][j], D[i][j-1], D[i-1][j-1]), absolute cost) of
        // a = r + 0.1 against r = [0.81 - 0.4·e^-k + 0.002·seed for k in 0..4], divided by 5 epochs, in
        // /usr/bin/python3: 0.09203489581738333 for every seed.
        shifted.Message.Should().Contain("DTW 0.0920349 exceeds bound 0.02")
            .And.Contain("value: 0.0920349")
            .And.Contain("bound: 0.02")
            .And.Contain("n: 5 seed pairs, 5 epochs")
            .And.Contain("in Training(model: LeNet5, binding: shifted, device: cpu) against reference pytorch")
            .And.Contain("Reproduce: dotnet test tests/BindingConformance.SampleSuite --filter " +
                "\"FullyQualifiedName=BindingConformance.SampleSuite.TrainingTheories.Training&Model=LeNet5&Binding=shifted&Device=cpu\"");
    }

    [Fact]
    public void Significantly_different_final_accuracies_fail_with_the_Mann_Whitney_numbers()
    {
        var outcomes = Run("FinalAccuracy");

        outcomes.Single(o => o.DisplayName.Contains("torchsharp")).Result.Should().Be("Passed");
        var shifted = outcomes.Single(o => o.DisplayName.Contains("shifted"));
        shifted.Result.Should().Be("Failed");
        // scipy 1.10: mannwhitneyu([a + 0.1 for a in r], r) with r the five seeds' final accuracies
        // gives statistic=25.0, pvalue=0.007936507936507936 (exact: every shifted value is larger).
        shifted.Message.Should().Contain("Mann-Whitney U: final accuracies differ significantly (p = 0.00793651 ≤ 0.05)")
            .And.Contain("statistic: U = 25 (Exact, two-sided)")
            .And.Contain("effect size: Cliff's delta 1 (Large)")
            .And.Contain("n: 5 vs 5 runs")
            .And.Contain("threshold: alpha = 0.05");
    }

    [Fact]
    public void Bonferroni_over_a_family_of_ten_lets_the_same_difference_pass()
    {
        // p = 0.00794 (above) exceeds 0.05 / 10.
        var outcomes = Run("FinalAccuracyAmongTen");

        outcomes.Select(o => o.Result).Should().Equal("Passed", "Passed");
    }

    [Fact]
    public void A_binding_three_times_slower_fails_the_Cliffs_delta_bound()
    {
        var outcomes = Run("TrainingTime");

        outcomes.Single(o => o.DisplayName.Contains("torchsharp")).Result.Should().Be("Passed");
        var slow = outcomes.Single(o => o.DisplayName.Contains("slow"));
        slow.Result.Should().Be("Failed");
        // Every slow time (30..42 s) exceeds every reference time (10..14 s): the reference's times against the
        // binding's give delta = -1 (negative = slower); scipy 1.10
        // mannwhitneyu([30, 33, 36, 39, 42], [10, 11, 12, 13, 14]) gives pvalue=0.007936507936507936.
        slow.Message.Should().Contain("Cliff's delta -1 (Large): training is slower than the reference beyond Small")
            .And.Contain("p-value: 0.00793651")
            .And.Contain("medians: 36 s vs 12 s")
            .And.Contain("bound: slower by at most Small (|d| < 0.33)");
    }

    private IReadOnlyList<CaseOutcome> Run(string method) =>
        xunit.Run(xunit.Discover(nameof(TrainingTheories)).Where(c => c.TestMethod.Method.Name == method));
}
