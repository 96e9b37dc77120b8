// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {VaultFactory} from "../../src/factory/VaultFactory.sol";
import {TesseraVault} from "../../src/vault/TesseraVault.sol";
import {ITesseraVault} from "../../src/interfaces/ITesseraVault.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";

/// @notice VaultFactory: one vault per asset, for the asset's issuer (owner or ADMIN), on platform tokens only.
contract VaultFactoryTest is Fixture {
    VaultFactory internal vaults;
    TestUSD internal usd;

    function setUp() public override {
        super.setUp();
        vaults = new VaultFactory(address(factory));
        usd = new TestUSD(issuer);
    }

    function _terms() internal view returns (ITesseraVault.DealingTerms memory) {
        return ITesseraVault.DealingTerms({
            firstDealing: uint40(block.timestamp + 1 days),
            interval: 1 days,
            cutoff: 2 hours,
            minDeposit: 0,
            minRedeem: 0
        });
    }

    function _deployVault(address caller, address t) internal returns (address) {
        vm.prank(caller);
        return vaults.deployVault(t, address(usd), 1e6, block.timestamp, _terms(), 500, issuer);
    }

    function test_deployVault_ByIssuer_OnePerAsset() public {
        vm.expectEmit(true, false, true, true, address(vaults));
        emit VaultFactory.VaultDeployed(address(token), address(0), address(usd), issuer);
        address vault = _deployVault(issuer, address(token));
        assertEq(vaults.vaultOf(address(token)), vault);
        assertTrue(vaults.isVault(vault));
        assertEq(TesseraVault(vault).share(), address(token));
        assertEq(TesseraVault(vault).asset(), address(usd));

        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(VaultFactory.VaultExists.selector, address(token), vault));
        vaults.deployVault(address(token), address(usd), 1e6, block.timestamp, _terms(), 500, issuer);
    }

    function test_deployVault_ByAnAdminOfTheAssetsManager() public {
        address desk = makeAddr("desk");
        IAccessManager manager = IAccessManager(token.authority());
        vm.prank(issuer);
        manager.grantRole(Roles.ADMIN, desk, 0);
        address vault = _deployVault(desk, address(token));
        assertTrue(vaults.isVault(vault));
    }

    function test_deployVault_RevertWhen_NotTheIssuer() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(VaultFactory.NotIssuer.selector, alice, address(token)));
        vaults.deployVault(address(token), address(usd), 1e6, block.timestamp, _terms(), 500, issuer);
        // A role other than ADMIN is not enough.
        IAccessManager manager = IAccessManager(token.authority());
        vm.prank(issuer);
        manager.grantRole(Roles.FUND_ADMIN, alice, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(VaultFactory.NotIssuer.selector, alice, address(token)));
        vaults.deployVault(address(token), address(usd), 1e6, block.timestamp, _terms(), 500, issuer);
    }

    function test_deployVault_RevertWhen_NotAPlatformToken() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(VaultFactory.UnknownToken.selector, address(usd)));
        vaults.deployVault(address(usd), address(usd), 1e6, block.timestamp, _terms(), 500, issuer);
    }

    function test_constructor_RevertWhen_ZeroFactory() public {
        vm.expectRevert(abi.encodeWithSelector(VaultFactory.InvalidAddress.selector, address(0)));
        new VaultFactory(address(0));
    }
}
