package dev.imagecatalog.contract;

import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.StoreContext;

/** Test-only: two providers claiming one type ({@code twin-test}), to prove the catalog refuses to pick one. */
public final class TwinStoreProviders {
    private TwinStoreProviders() {
    }

    public static final String TYPE = "twin-test";

    /** The first twin. */
    public static final class First implements ImageStoreProvider {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public ImageStore create(StoreContext context) {
            throw new AssertionError("never chosen");
        }
    }

    /** The second twin. */
    public static final class Second implements ImageStoreProvider {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public ImageStore create(StoreContext context) {
            throw new AssertionError("never chosen");
        }
    }
}
