using BindingConformance.Replication;
using BindingConformance.Statistics;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Replication;

/// <summary>Re-analysis of the published study's own results folder reproduces the figures it reported.</summary>
public sealed class StudyReplicationTests
{
    private static readonly Lazy<IReadOnlyList<ReplicationRow>> Rows =
        new(() => ReplicationAnalysis.Analyze(StudyResultsReader.Read(StudyResultsReader.PublishedData)));

    private static ReplicationRow Row(string framework, string model, string binding) =>
        Rows.Value.Single(r => r.Framework == framework && r.Model == model && r.Binding == binding);

    [Fact]
    public void PyTorch_LeNet1_training_time_medians_match_the_study()
    {
        // numpy under /usr/bin/python3: np.median of "training_time" in py/time_cost_gpu_{0..4}.json -> 1030.7277560820803,
        // of the third line of dotnet/time_cost_CUDA_{0..4}.txt -> 222.4093405 (the study reports ≈ 1031 s vs ≈ 222 s).
        var row = Row("pytorch", "lenet1", "dotnet");

        row.TrainTimeMedianDefault!.Value.Should().BeApproximately(1030.7277560820803, 1e-9);
        row.TrainTimeMedian!.Value.Should().BeApproximately(222.4093405, 1e-9);
        row.CliffsDelta.Should().Be(1);
        row.Magnitude.Should().Be(EffectMagnitude.Large);
    }

    [Fact]
    public void Every_timed_comparison_is_the_exact_five_versus_five_extreme()
    {
        // scipy 1.10.1: mannwhitneyu(py_times, dotnet_times) for pytorch/lenet1 -> (25.0, 0.007936507936507936);
        // the study reports p = 0.0079 and |d| = 1 for every binding.
        var timed = Rows.Value.Where(r => r.MannWhitneyP is not null).ToArray();

        timed.Should().HaveCount(18, "10 PyTorch and 8 TensorFlow bindings recorded training times");
        timed.Should().AllSatisfy(r =>
        {
            r.MannWhitneyP!.Value.Should().BeApproximately(2.0 / 252, 1e-15);
            Math.Abs(r.CliffsDelta!.Value).Should().Be(1);
            r.MannWhitneyPAdjusted!.Value.Should().BeGreaterThanOrEqualTo(r.MannWhitneyP.Value);
        });
    }

    [Fact]
    public void Bonferroni_adjusts_within_framework_and_model()
    {
        // PyTorch LeNet-1 has two timed bindings (dotnet, rs): 2 × 2/252; TensorFlow GRU-RB has one (ts).
        Row("pytorch", "lenet1", "rs").MannWhitneyPAdjusted!.Value.Should().BeApproximately(4.0 / 252, 1e-15);
        Row("tensorflow", "grurb", "ts").MannWhitneyPAdjusted!.Value.Should().BeApproximately(2.0 / 252, 1e-15);
    }

    [Fact]
    public void Training_curves_stay_within_the_study_DTW_bound()
    {
        // The study reports a maximum normalised DTW between Python and any binding of at most 0.02.
        var compared = Rows.Value.Where(r => r.DtwMaxNormalized is not null).ToArray();

        compared.Should().NotBeEmpty();
        compared.Should().AllSatisfy(r =>
        {
            r.DtwMaxNormalized!.Value.Should().BeLessThanOrEqualTo(0.02);
            r.FastDtwMaxNormalized!.Value.Should().BeLessThanOrEqualTo(0.02).And.BeGreaterThanOrEqualTo(r.DtwMaxNormalized.Value);
        });
    }

    [Fact]
    public void Largest_exact_DTW_matches_the_reference_recurrence()
    {
        // numpy recurrence (see DynamicTimeWarpingTests) over tensorflow/vgg16 py vs dotnet training_errors_{0..4}.txt,
        // distance / 200 epochs, maximum over seeds -> 0.018300302560067164
        Row("tensorflow", "vgg16", "dotnet").DtwMaxNormalized!.Value.Should().BeApproximately(0.018300302560067164, 1e-12);
    }

    [Fact]
    public void Bindings_without_training_runs_are_not_applicable_rather_than_zero()
    {
        var row = Row("pytorch", "lenet1", "ts");

        row.TrainTimeMedian.Should().BeNull();
        row.MannWhitneyP.Should().BeNull();
        row.CliffsDelta.Should().BeNull();
        row.DtwMaxNormalized.Should().BeNull();
        row.InferenceSameFraction.Should().Be(1.0);
    }

    [Fact]
    public void Deployment_checks_report_what_the_files_record()
    {
        // pytorch/gru/dotnet/deploy_eval_*_states.txt record accuracies that differ from the original model.
        Row("pytorch", "gru", "dotnet").InferenceSameFraction.Should().BeLessThan(1.0);
        Row("pytorch", "lenet1", "dotnet").InferenceSameFraction.Should().Be(1.0);
        Row("pytorch", "lenet1", "dotnet").InferenceStableFraction.Should().Be(1.0);
    }
}
