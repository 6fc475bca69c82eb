package dev.imagecatalog.examples;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.ImportPluginProvider;
import dev.imagecatalog.spi.MetadataProvider;
import java.util.ServiceLoader;

/**
 * Run by {@link ModulePathQuickstartTest} in a JVM whose module path holds core, the plug-ins and their libraries
 * (this class and the Quickstart on the class path): prints core's module and which of its packages it exports,
 * the module each store, metadata and import plug-in provider comes from, then runs the {@link Quickstart} with the arguments.
 */
public final class ModulePathQuickstart {
    private ModulePathQuickstart() {
    }

    public static void main(String[] args) throws Exception {
        Module core = ImageCatalog.class.getModule();
        System.out.println("core module " + core.getName());
        core.getPackages().stream().sorted()
                .forEach(p -> System.out.println("package " + p + " exported " + core.isExported(p)));
        ServiceLoader.load(ImageStoreProvider.class).stream().map(ServiceLoader.Provider::type)
                .forEach(t -> System.out.println("provider " + t.getName() + " in " + t.getModule().getName()));
        ServiceLoader.load(MetadataProvider.class).stream().map(ServiceLoader.Provider::type)
                .forEach(t -> System.out.println("provider " + t.getName() + " in " + t.getModule().getName()));
        ServiceLoader.load(ImportPluginProvider.class).stream().map(ServiceLoader.Provider::type)
                .forEach(t -> System.out.println("provider " + t.getName() + " in " + t.getModule().getName()));
        Quickstart.main(args);
    }
}
