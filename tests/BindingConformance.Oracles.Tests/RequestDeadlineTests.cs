using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests;

public sealed class RequestDeadlineTests
{
    // Only counts matter to a deadline; no file is read.
    private static readonly DatasetRef Mnist = new(DatasetNames.Mnist, "/nonexistent/mnist.safetensors", 4000, 1000);

    private static TrainRequest Training(string model, int epochs, DatasetRef? data = null) =>
        new(ModelZoo.Get(model), data ?? Mnist, 1, new TrainingSettings(epochs, 32), Device.Cpu, BatchOrder.Create(1, 0, 0), []);

    [Theory]
    // src/Oracles/Tfjs/README.md, pure-JS tfjs on the 2-core CI machine: LeNet-1's smoke tier (3 × 4,000) took 317 s
    // under load; LeNet-5 took 54–65 s per 1,000 images per epoch, 11–13 min for the same plan.
    [InlineData(ModelZoo.LeNet1, 317)]
    [InlineData(ModelZoo.LeNet5, 13 * 60)]
    public void A_derived_training_limit_leaves_room_over_the_slowest_binding_measured(string model, double measuredSeconds)
    {
        var deadline = RequestDeadline.For(Training(model, epochs: 3));

        deadline.Total.TotalSeconds.Should().BeGreaterThan(2 * measuredSeconds);
        deadline.Basis.Should().Be($"derived from 3 epoch(s) × 4,000 examples of {model}");
    }

    [Fact]
    public void Training_limits_grow_with_epochs_and_the_stall_limit_is_one_epoch_over_the_floor()
    {
        var one = RequestDeadline.For(Training(ModelZoo.LeNet5, epochs: 1));
        var ten = RequestDeadline.For(Training(ModelZoo.LeNet5, epochs: 10));
        var epoch = one.Total - RequestDeadline.Floor;

        ten.Total.Should().BeCloseTo(RequestDeadline.Floor + 10 * epoch, TimeSpan.FromMilliseconds(10));
        ten.StallLimit.Should().Be(one.Total, "progress arrives once per epoch");
        one.StallLimit.Should().BeNull("with one epoch the stall limit is the whole limit");
        RequestDeadline.For(Training(ModelZoo.Vgg16, epochs: 1)).Total.Should().BeGreaterThan(one.Total, "VGG-16 does more work per example");
    }

    [Fact]
    public void An_evaluation_limit_counts_the_warm_up_pass_and_has_no_separate_stall_limit()
    {
        var request = new EvaluateRequest(ModelZoo.Get(ModelZoo.LeNet5), Mnist, ModelFormat.Safetensors, "/nonexistent/x", Device.Cpu, Passes: 5);

        var deadline = RequestDeadline.For(request);

        deadline.StallLimit.Should().BeNull("an evaluating worker sends nothing before its reply");
        deadline.Total.Should().BeGreaterThan(RequestDeadline.Floor);
        deadline.Basis.Should().Be("derived from 6 pass(es) × 1,000 test examples of LeNet5");
    }

    [Fact]
    public void A_time_limit_on_the_request_replaces_the_derived_limits()
    {
        var limit = TimeSpan.FromSeconds(7);

        var training = RequestDeadline.For(Training(ModelZoo.LeNet5, epochs: 200) with { TimeLimit = limit });
        var evaluation = RequestDeadline.For(new EvaluateRequest(ModelZoo.Get(ModelZoo.LeNet1), Mnist, ModelFormat.Safetensors, "/x", Device.Cpu)
        {
            TimeLimit = limit,
        });

        training.Should().Be(new RequestDeadline(limit, null, "set for this request"));
        evaluation.Should().Be(training);
        training.DescribeTimeout().Should().Be("timed out after 7 s (set for this request)");
    }

    [Fact]
    public void A_plan_longer_than_a_timer_can_hold_is_cut_to_the_longest_limit()
    {
        var huge = Mnist with { TrainCount = 50_000_000 };

        RequestDeadline.For(Training(ModelZoo.Vgg16, epochs: 200, huge)).Total.Should().Be(RequestDeadline.Longest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_fixed_limit_must_be_positive(double seconds)
    {
        var make = () => RequestDeadline.Fixed(TimeSpan.FromSeconds(seconds));

        make.Should().Throw<ArgumentOutOfRangeException>();
    }
}
