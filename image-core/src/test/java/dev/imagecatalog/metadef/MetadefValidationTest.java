package dev.imagecatalog.metadef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.GlanceMetadefsFolder;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.memory.MemoryMetadefRepository;
import dev.imagecatalog.policy.RequestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadefValidationTest {
    private static final RequestContext ADMIN = RequestContext.admin("ops", "root");
    private static final RequestContext ALICE = RequestContext.member("project-a", "alice");
    private static final RequestContext BOB = RequestContext.member("project-b", "bob");

    private MemoryMetadefRepository repository;

    @BeforeEach
    void setUp() {
        repository = new MemoryMetadefRepository();
        MetadefService admin = MetadefServiceFactory.service(repository, ADMIN);
        admin.createNamespace(MetadefNamespace.builder("OS::Compute::CPUPinning").visibility(MetadefVisibility.PUBLIC)
                .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Glance::Image", "hw_", null))
                .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Nova::Flavor", "hw:", null))
                .addProperty(MetadefProperty.builder("cpu_policy").type("string").title("CPU Pinning policy")
                        .enumValues("shared", "dedicated").build())
                .build());
        admin.createNamespace(MetadefNamespace.builder("Test::Rules").visibility(MetadefVisibility.PUBLIC)
                .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Glance::Image", "t_", null))
                .addProperty(MetadefProperty.builder("sockets").type("integer").title("Sockets").minimum(1)
                        .maximum(4).build())
                .addProperty(MetadefProperty.builder("ratio").type("number").title("Ratio").minimum(0.5).build())
                .addProperty(MetadefProperty.builder("code").type("string").title("Code").pattern("^[a-z]+$")
                        .minLength(2).maxLength(5).build())
                .addProperty(MetadefProperty.builder("enabled").type("boolean").title("Enabled").build())
                .addProperty(MetadefProperty.builder("flags").type("array").title("Flags")
                        .items(new MetadefProperty.Items("string", List.of("sse", "avx")))
                        .operators(List.of("<or>", "<all-in>")).uniqueItems(true).build())
                .addObject(MetadefObject.builder("MySQL").addProperty(MetadefProperty.builder("db_port")
                        .type("integer").title("Port").minimum(1).maximum(65535).build()).build())
                .build());
        admin.createNamespace(MetadefNamespace.builder("Flavor::Only").visibility(MetadefVisibility.PUBLIC)
                .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Nova::Flavor", "t_", null))
                .addProperty(MetadefProperty.builder("sockets").type("string").title("S").enumValues("never")
                        .build())
                .build());
        MetadefServiceFactory.service(repository, ALICE).createNamespace(MetadefNamespace.builder("Alice::Rules")
                .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Glance::Image", "a_", null))
                .addProperty(MetadefProperty.builder("mode").type("string").title("Mode").enumValues("x").build())
                .build());
    }

    private MetadefService validating(RequestContext ctx) {
        return MetadefServiceFactory.builder(repository).validateImageProperties(true).build().forContext(ctx);
    }

    @Test
    void onAcceptsAnAllowedEnumValueAndRefusesOthersNamingTheAllowedValues() {
        MetadefService s = validating(BOB);
        assertThat(s.imagePropertyValidationEnabled()).isTrue();
        assertThatCode(() -> s.validateImageProperties(Map.of("hw_cpu_policy", "dedicated")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> s.validateImageProperties(Map.of("hw_cpu_policy", "banana")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'hw_cpu_policy'").hasMessageContaining("'banana'")
                .hasMessageContaining("must be one of shared, dedicated")
                .hasMessageContaining("OS::Compute::CPUPinning");
    }

    @Test
    void offByDefaultAcceptsEverything() {
        MetadefService s = MetadefServiceFactory.service(repository, BOB);
        assertThat(s.imagePropertyValidationEnabled()).isFalse();
        assertThatCode(() -> s.validateImageProperties(Map.of("hw_cpu_policy", "dedicated")))
                .doesNotThrowAnyException();
        assertThatCode(() -> s.validateImageProperties(Map.of("hw_cpu_policy", "banana", "t_sockets", "99")))
                .doesNotThrowAnyException();
        // the query still works when validation is off
        assertThat(s.definitionsForImage(Map.of("hw_cpu_policy", "banana"))).hasSize(1);
    }

    @Test
    void theSettingTurnsItOn() {
        assertThat(MetadefServiceFactory.builder(repository)
                .settings(Settings.of(Map.of(MetadefValidator.SETTING_KEY, "true"))).build()
                .forContext(BOB).imagePropertyValidationEnabled()).isTrue();
        assertThat(MetadefServiceFactory.builder(repository).settings(Settings.of(Map.of())).build()
                .validatesImageProperties()).isFalse();
        assertThatThrownBy(() -> MetadefServiceFactory.builder(repository)
                .settings(Settings.of(Map.of(MetadefValidator.SETTING_KEY, "maybe"))))
                .isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining(MetadefValidator.SETTING_KEY);
    }

    @Test
    void typesRangesPatternsAndLengths() {
        MetadefService s = validating(BOB);
        s.validateImageProperties(Map.of("t_sockets", "4", "t_ratio", "0.75", "t_code", "abc", "t_enabled", "Yes"));
        assertRefused(s, "t_sockets", "0", "must be at least 1");
        assertRefused(s, "t_sockets", "5", "must be at most 4");
        assertRefused(s, "t_sockets", "two", "must be an integer");
        assertRefused(s, "t_ratio", "0.25", "must be at least 0.5");
        assertRefused(s, "t_ratio", "NaN", "must be a number");
        assertRefused(s, "t_code", "ABC", "must match the pattern ^[a-z]+$");
        assertRefused(s, "t_code", "a", "at least 2 characters");
        assertRefused(s, "t_code", "abcdef", "at most 5 characters");
        assertRefused(s, "t_enabled", "maybe", "must be a boolean");
        assertRefused(s, "t_db_port", "70000", "must be at most 65535");
    }

    @Test
    void arrays() {
        MetadefService s = validating(BOB);
        s.validateImageProperties(Map.of("t_flags", "<or> sse <or> avx"));
        s.validateImageProperties(Map.of("t_flags", "<all-in> sse avx"));
        s.validateImageProperties(Map.of("t_flags", "sse,avx"));
        assertRefused(s, "t_flags", "<all-in> sse mmx", "item 'mmx' must be one of sse, avx");
        assertRefused(s, "t_flags", "<in> sse", "operator <in> is not one of <or>, <all-in>");
        assertRefused(s, "t_flags", "sse sse", "must not repeat items");
    }

    @Test
    void onlyMatchingPrefixedKeysOfVisibleImageNamespacesAreChecked() {
        MetadefService bob = validating(BOB);
        // no prefix, other prefix, unrelated key: not definitions for images
        bob.validateImageProperties(Map.of("cpu_policy", "banana", "hw:cpu_policy", "banana", "os_distro", "x"));
        // Flavor::Only defines t_sockets for flavors only: its enum does not apply to images
        bob.validateImageProperties(Map.of("t_sockets", "2"));
        // Alice's private namespace does not constrain Bob, but constrains Alice
        bob.validateImageProperties(Map.of("a_mode", "y"));
        assertThatThrownBy(() -> validating(ALICE).validateImageProperties(Map.of("a_mode", "y")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'a_mode'");
    }

    @Test
    void definitionsForAnImagesProperties() {
        List<ApplicableDefinition> defs = MetadefServiceFactory.service(repository, BOB).definitionsForImage(
                Map.of("hw_cpu_policy", "shared", "t_db_port", "3306", "os_distro", "ubuntu", "a_mode", "x"));
        assertThat(defs).extracting(ApplicableDefinition::key).containsExactly("hw_cpu_policy", "t_db_port");
        ApplicableDefinition pin = defs.get(0);
        assertThat(pin.namespace()).isEqualTo("OS::Compute::CPUPinning");
        assertThat(pin.prefix()).isEqualTo("hw_");
        assertThat(pin.objectName()).isNull();
        assertThat(pin.property().enumValues()).containsExactly("shared", "dedicated");
        assertThat(defs.get(1).objectName()).isEqualTo("MySQL");
    }

    @Test
    void withGlancesStandardFiles() {
        Path folder = GlanceMetadefsFolder.require();
        MemoryMetadefRepository standard = new MemoryMetadefRepository();
        new MetadefImporter(MetadefServiceFactory.service(standard, ADMIN))
                .importDirectory(folder, ExistingNamespacePolicy.SKIP);
        MetadefService on = MetadefServiceFactory.builder(standard).validateImageProperties(true).build()
                .forContext(BOB);
        on.validateImageProperties(Map.of("hw_cpu_policy", "dedicated", "hw_cpu_thread_policy", "prefer",
                "hw_cpu_sockets", "2", "os_distro", "ubuntu"));
        assertThatThrownBy(() -> on.validateImageProperties(Map.of("hw_cpu_policy", "banana")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'banana'")
                .hasMessageContaining("shared, dedicated");
        assertThatThrownBy(() -> on.validateImageProperties(Map.of("hw_watchdog_action", "explode")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hw_watchdog_action")
                .hasMessageContaining("poweroff");
        MetadefService off = MetadefServiceFactory.service(standard, BOB);
        off.validateImageProperties(Map.of("hw_cpu_policy", "banana"));
        assertThat(off.definitionsForImage(Map.of("hw_cpu_policy", "banana")))
                .extracting(ApplicableDefinition::namespace).containsExactly("OS::Compute::CPUPinning");
    }

    private static void assertRefused(MetadefService s, String key, String value, String rule) {
        assertThatThrownBy(() -> s.validateImageProperties(Map.of(key, value)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + key + "'").hasMessageContaining("'" + value + "'")
                .hasMessageContaining(rule);
    }
}
