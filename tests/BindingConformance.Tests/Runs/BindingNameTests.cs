using BindingConformance.Oracles;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Runs;

/// <summary>Binding ids and model names become file names (snapshots, saved models): path characters are refused where they enter.</summary>
public sealed class BindingNameTests
{
    [Theory]
    [InlineData("x/../../..")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("with space")]
    public void A_binding_id_with_path_characters_is_refused(string id)
    {
        var create = () => new BindingDescriptor(id, "pytorch", "python", IsDefault: false);

        create.Should().Throw<ArgumentException>().WithMessage(
            $"binding id '{id}' is not allowed: it becomes a file name, so use only letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    [Fact]
    public void A_traversing_id_cannot_be_slipped_in_by_copying_a_valid_descriptor()
    {
        var valid = new BindingDescriptor("torchsharp-0.107", "pytorch", "csharp", IsDefault: false);

        var copy = () => valid with { Id = "../../../etc" };

        valid.Id.Should().Be("torchsharp-0.107");
        copy.Should().Throw<ArgumentException>().WithMessage("binding id '../../../etc' is not allowed*");
    }

    [Fact]
    public void A_registry_refuses_an_oracle_declaring_a_model_name_with_path_characters()
    {
        var binding = new BindingDescriptor("custom", "pytorch", "python", IsDefault: false);
        var oracle = new ScriptedOracle(binding, new OracleCapabilities(true, ["LeNet1", "../../escape"], [], []));

        var register = () => new OracleRegistry([oracle]);

        register.Should().Throw<ArgumentException>().WithMessage("model name of binding custom '../../escape' is not allowed*");
    }
}
