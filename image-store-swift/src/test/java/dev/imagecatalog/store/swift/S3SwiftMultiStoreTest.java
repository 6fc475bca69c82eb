package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.MultiStoreContract;
import dev.imagecatalog.contract.StoreUnderTest;

/** The multi-store contract over S3 on s3proxy (a, the default) and Swift (b), each through a fault proxy. */
class S3SwiftMultiStoreTest extends MultiStoreContract {
    @Override
    protected StoreUnderTest createStoreA() throws Exception {
        return SwiftMultiStorePairs.s3();
    }

    @Override
    protected StoreUnderTest createStoreB() throws Exception {
        return SwiftMultiStorePairs.swift();
    }
}
