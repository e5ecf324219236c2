using BindingConformance.Shards;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Shards;

public sealed class RunShardTests
{
    private static readonly string[] Models = ["LeNet1", "LeNet5", "LSTM"];
    private static readonly string[] Probes = ["tensor-branch", "data-loop", "LeNet1"];

    [Fact]
    public void Subjects_are_dealt_round_robin_models_first_so_every_subject_is_in_exactly_one_shard()
    {
        var shards = Enumerable.Range(1, 4).Select(i => RunShard.Parse($"{i}/4", Models, Probes)).ToArray();

        // Subjects in order: LeNet1 LeNet5 LSTM | tensor-branch data-loop LeNet1; subject k goes to shard k mod 4 + 1.
        shards.Select(s => s.Models).Should().BeEquivalentTo(new[] { new[] { "LeNet1" }, ["LeNet5"], ["LSTM"], Array.Empty<string>() }, o => o.WithStrictOrdering());
        shards.Select(s => s.Probes).Should().BeEquivalentTo(new[] { new[] { "data-loop" }, ["LeNet1"], Array.Empty<string>(), ["tensor-branch"] }, o => o.WithStrictOrdering());
        RunShard.Parse("3/4", Models, Probes).Should().BeEquivalentTo(shards[2], "the same plan and count always cut the same way");
    }

    [Theory]
    [InlineData("0/3", "--shard must be i/n")]
    [InlineData("4/3", "--shard must be i/n")]
    [InlineData("1/0", "--shard must be i/n")]
    [InlineData("2", "--shard must be i/n")]
    [InlineData("a/b", "--shard must be i/n")]
    [InlineData("-1/3", "--shard must be i/n")]
    [InlineData("1/7", "the plan has 6 subjects (3 models, 3 probes) to deal to 7 shards")]
    public void A_shard_that_is_not_i_of_n_or_would_run_nothing_is_refused(string text, string message)
    {
        var parse = () => RunShard.Parse(text, Models, Probes);

        parse.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }
}
