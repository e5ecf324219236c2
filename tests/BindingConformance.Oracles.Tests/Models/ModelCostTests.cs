using BindingConformance.Oracles.Models;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Models;

public sealed class ModelCostTests
{
    [Fact]
    public void LeNets_cost_the_multiply_accumulates_counted_by_hand()
    {
        // LeNet-1: conv1 24·24·4·(1·5·5) = 57,600; conv2 8·8·12·(4·5·5) = 76,800; fc 192·10 = 1,920.
        ModelCost.ForwardMacs(ModelZoo.Get(ModelZoo.LeNet1)).Should().Be(136_320);
        // LeNet-5: conv1 28·28·6·25 = 117,600; conv2 10·10·16·(6·25) = 240,000; fc 400·120 + 120·84 + 84·10 = 58,920.
        ModelCost.ForwardMacs(ModelZoo.Get(ModelZoo.LeNet5)).Should().Be(416_520);
    }

    [Fact]
    public void Recurrent_and_attention_layers_cost_per_time_step()
    {
        // LSTM: 32 steps · 4 gates · 64 · (64 + 64) = 1,048,576, plus fc 64·2 = 128; the GRU has 3 gates.
        ModelCost.ForwardMacs(ModelZoo.Get(ModelZoo.Lstm)).Should().Be(1_048_704);
        ModelCost.ForwardMacs(ModelZoo.Get(ModelZoo.Gru)).Should().Be(32 * 3 * 64 * 128 + 128);
        // BERT: 2 layers · 32 positions · (4·64² projections + 2·64·128 feed-forward + 2·32·64 attention) = 2,359,296, plus fc 128.
        ModelCost.ForwardMacs(ModelZoo.Get(ModelZoo.Bert)).Should().Be(2_359_424);
    }

    [Fact]
    public void Every_zoo_model_has_a_cost_and_vgg16_is_the_largest()
    {
        var costs = ModelZoo.Names.ToDictionary(name => name, name => ModelCost.ForwardMacs(ModelZoo.Get(name)));

        costs.Values.Should().OnlyContain(c => c > 0);
        costs.MaxBy(c => c.Value).Key.Should().Be(ModelZoo.Vgg16);
    }

    [Fact]
    public void An_unknown_layer_kind_is_named()
    {
        var spec = ModelZoo.Get(ModelZoo.LeNet1) with { Layers = [new LayerSpec("conv3d", "odd", new Dictionary<string, double>())] };

        var cost = () => ModelCost.ForwardMacs(spec);

        cost.Should().Throw<ArgumentException>().WithMessage("layer 'odd' (conv3d): unknown layer kind 'conv3d'; known: conv2d, *");
    }
}
